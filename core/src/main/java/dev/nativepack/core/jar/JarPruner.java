package dev.nativepack.core.jar;

import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.archive.AtomicFile;
import dev.nativepack.core.target.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes from a jar (and the jars nested in it) the natives built for other platforms than the
 * target's: another operating system, architecture or C library. Everything else is copied byte
 * for byte in its order, so the same input always gives the same output; a native whose platform
 * cannot be told is kept. The output is written to a temporary file beside it and renamed.
 *
 * <p>A signed jar (META-INF/*.SF with its .RSA, .DSA or .EC block) is never changed unless
 * {@link Options#allowSigned}: removing entries leaves the manifest naming files that are gone.
 * The input itself, signed, is refused; a signed nested jar is kept as it is, with a warning.
 * With the option the signature files are kept: the remaining entries still verify.
 */
public final class JarPruner {
    /**
     * @param allowSigned      prune signed jars too
     * @param extractNativesTo a directory to place the target's natives in, under the name
     *                         System.loadLibrary looks for, for the libraries whose loader tries that
     *                         before extracting ({@link LoadLibraryFirst}); null for none
     */
    public record Options(boolean allowSigned, Path extractNativesTo) {
        public static final Options DEFAULT = new Options(false, null);
    }

    private final Target target;
    private final Options options;

    public JarPruner(Target target, Options options) {
        this.target = target;
        this.options = options;
    }

    /**
     * @param input  the jar or zip, as the user named it
     * @param output the jar to write (replaced when it exists)
     * @throws JarInputException     the input is missing, not a jar, damaged or hostile; nothing written
     * @throws PruneRefusedException the input is signed and would lose entries; nothing written
     * @throws ArchiveWriteException the output cannot be written; nothing left behind
     */
    public PruneResult prune(String input, Path output)
            throws JarInputException, PruneRefusedException, ArchiveWriteException, IOException {
        if (Files.isDirectory(Path.of(input))) {
            throw new JarInputException(input + ": is a directory; prune takes one jar or zip");
        }
        JarInputs.Found found = JarInputs.expand(input).get(0);
        List<PrunedJar> jars = new ArrayList<>();
        Map<String, byte[]> extract = new LinkedHashMap<>();
        try (JarSurvey survey = new JarSurvey(target, true); JarZip zip = JarZip.open(found.display(), found.path())) {
            Plan plan = plan(survey, zip, 0, jars, extract);
            if (plan.signedKept) {
                throw new PruneRefusedException(input + ": is signed, and " + jars.get(0).dropped().size()
                        + " natives for other platforms would be removed, which leaves its manifest naming files "
                        + "that are gone; prune it with --allow-signed (the remaining entries still verify)");
            }
            AtomicFile.<JarInputException>write(output, channel -> ZipCopy.write(zip.index(), plan.dropped,
                    plan.replaced, channel));
            PrunedJar top = jars.get(0);
            jars.set(0, new PrunedJar(top.location(), top.bytesBefore(), Files.size(output), top.dropped(),
                    top.unknown(), false));
        }
        return new PruneResult(input, output, target.id(), jars, extract(extract));
    }

    /** What to do with one jar's entries. */
    private record Plan(Set<ZipIndex.Entry> dropped, Map<ZipIndex.Entry, ZipCopy.Replacement> replaced,
                        boolean signedKept) {
        boolean changes() {
            return !dropped.isEmpty() || !replaced.isEmpty();
        }
    }

    private Plan plan(JarSurvey survey, JarZip zip, int depth, List<PrunedJar> report, Map<String, byte[]> extract)
            throws JarInputException, IOException {
        List<JarSurvey.Item> items = survey.survey(zip, depth, options.extractNativesTo() != null);
        int slot = report.size();
        report.add(null);
        Set<ZipIndex.Entry> dropped = new HashSet<>();
        List<EmbeddedNative> droppedNatives = new ArrayList<>();
        List<EmbeddedNative> unknown = new ArrayList<>();
        for (JarSurvey.Item item : items) {
            if (item.type() != JarSurvey.Type.NATIVE) {
                continue;
            }
            EmbeddedNative n = new EmbeddedNative(zip.display(), item.entry().name(), item.entry().size(),
                    item.entry().compressedSize(), item.identity(), item.fit(), null);
            switch (item.fit().decision()) {
                case DROP -> {
                    dropped.add(item.entry());
                    droppedNatives.add(n);
                }
                case UNKNOWN -> unknown.add(n);
                case KEEP -> {
                    String name = item.entry().name().substring(item.entry().name().lastIndexOf('/') + 1);
                    if (item.content() != null && LoadLibraryFirst.forFileName(name) != null) {
                        extract.putIfAbsent(name, item.content());
                    }
                }
            }
        }
        Map<ZipIndex.Entry, ZipCopy.Replacement> replaced = new HashMap<>();
        for (JarSurvey.Item item : items) {
            if (item.type() != JarSurvey.Type.NESTED_JAR) {
                continue;
            }
            try (JarZip inner = JarZip.open(zip.display() + "!/" + item.entry().name(), item.content())) {
                int innerSlot = report.size();
                Plan p = plan(survey, inner, depth + 1, report, extract);
                PrunedJar r = report.get(innerSlot);
                if (p.changes()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) inner.size());
                    ZipCopy.write(inner.index(), p.dropped, p.replaced, Channels.newChannel(bytes));
                    replaced.put(item.entry(), new ZipCopy.Replacement(bytes.toByteArray(), item.entry().method()));
                    report.set(innerSlot, new PrunedJar(r.location(), r.bytesBefore(), bytes.size(), r.dropped(),
                            r.unknown(), false));
                } else if (r.dropped().isEmpty() && r.unknown().isEmpty() && !r.signedKept()
                        && report.size() == innerSlot + 1) {
                    report.remove(innerSlot); // no natives in it or below: nothing to say
                }
            }
        }
        boolean signedKept = zip.signed() && !options.allowSigned() && (!dropped.isEmpty() || !replaced.isEmpty());
        report.set(slot, new PrunedJar(zip.display(), zip.size(), zip.size(), droppedNatives, unknown, signedKept));
        return signedKept ? new Plan(Set.of(), Map.of(), true) : new Plan(dropped, replaced, false);
    }

    private List<Path> extract(Map<String, byte[]> natives) throws ArchiveWriteException, IOException {
        List<Path> written = new ArrayList<>();
        Path dir = options.extractNativesTo();
        if (dir == null || natives.isEmpty()) {
            return written;
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : natives.entrySet()) {
            // The name matched the table's pattern, which allows no separator: it stays in dir.
            Path file = dir.resolve(e.getKey());
            AtomicFile.<IOException>write(file, channel -> {
                ByteBuffer b = ByteBuffer.wrap(e.getValue());
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            });
            written.add(file);
        }
        return written;
    }
}
