package dev.nativepack.core.archive;

import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entries to write, checked and in their final order: a directory for every parent, sorted
 * by the UTF-8 bytes of their zip names (so a directory, {@code lib/}, comes before what is in
 * it), each with the size of its content taken from the source now.
 */
final class ArchivePlan {
    /**
     * One entry to write.
     *
     * @param path    the path without a trailing slash
     * @param zipName the name in the zip (directories end with a slash)
     * @param kind    what it is
     * @param entry   the caller's entry, or null for a generated directory
     * @param size    the content's size (a link's: its target's UTF-8 bytes)
     */
    record Planned(String path, String zipName, ArchiveEntry.Kind kind, ArchiveEntry entry, long size) {
        boolean isDirectory() {
            return kind == ArchiveEntry.Kind.DIRECTORY;
        }

        boolean isLink() {
            return kind == ArchiveEntry.Kind.SYMBOLIC_LINK;
        }

        /** The first path segment, which the size breakdown groups by. */
        String topLevel() {
            int slash = path.indexOf('/');
            return slash < 0 ? path : path.substring(0, slash);
        }

        /** Content in memory (bytes or a link target), or null when it is read from a file. */
        byte[] memoryContent() {
            if (kind == ArchiveEntry.Kind.SYMBOLIC_LINK) {
                return entry.linkTarget().getBytes(StandardCharsets.UTF_8);
            }
            return entry == null ? new byte[0] : entry.contentNoCopy();
        }

        Path sourceFile() {
            return entry == null ? null : entry.sourceFile();
        }
    }

    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final List<Planned> entries;

    private ArchivePlan(List<Planned> entries) {
        this.entries = entries;
    }

    List<Planned> entries() {
        return entries;
    }

    static ArchivePlan of(List<ArchiveEntry> given, boolean allowSymbolicLinks) throws ArchiveWriteException {
        // Checked in path order so that the same entries give the same error whatever their order.
        List<ArchiveEntry> sorted = new ArrayList<>(given);
        sorted.sort(Comparator.comparing(ArchiveEntry::path, UTF8_ORDER));
        Map<String, ArchiveEntry> byPath = new HashMap<>();
        for (ArchiveEntry e : sorted) {
            if (e.kind() == ArchiveEntry.Kind.SYMBOLIC_LINK && !allowSymbolicLinks) {
                throw new ArchiveWriteException(Problem.SYMBOLIC_LINK_REFUSED, null, "entry " + e.path()
                        + " is a symbolic link (to " + e.linkTarget() + "), and symbolic links are refused here:"
                        + " a layer must not contain them; copy the file it points to instead");
            }
            ArchiveEntry before = byPath.putIfAbsent(e.path(), e);
            if (before != null && !(before.kind() == ArchiveEntry.Kind.DIRECTORY && e.kind() == ArchiveEntry.Kind.DIRECTORY)) {
                throw new ArchiveWriteException(Problem.CONFLICTING_ENTRIES, null,
                        "entry " + e.path() + " is given twice: " + before + " and " + e);
            }
        }
        Map<String, Planned> planned = new TreeMap<>();
        for (ArchiveEntry e : sorted) {
            String path = e.path();
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                ArchiveEntry there = byPath.get(parent);
                if (there != null && there.kind() != ArchiveEntry.Kind.DIRECTORY) {
                    String what = there.kind() == ArchiveEntry.Kind.SYMBOLIC_LINK ? "a symbolic link" : "a file";
                    throw new ArchiveWriteException(Problem.CONFLICTING_ENTRIES, null, "entry " + path
                            + " needs " + parent + " to be a directory, but " + parent + " is " + what);
                }
                planned.computeIfAbsent(parent, p -> new Planned(p, p + "/", ArchiveEntry.Kind.DIRECTORY, null, 0));
            }
            if (!planned.containsKey(path) || e.kind() != ArchiveEntry.Kind.DIRECTORY) {
                planned.put(path, new Planned(path, e.kind() == ArchiveEntry.Kind.DIRECTORY ? path + "/" : path,
                        e.kind(), e, sizeOf(e)));
            }
        }
        List<Planned> list = new ArrayList<>(planned.values());
        list.sort(Comparator.comparing(Planned::zipName, UTF8_ORDER));
        return new ArchivePlan(List.copyOf(list));
    }

    private static long sizeOf(ArchiveEntry e) throws ArchiveWriteException {
        return switch (e.kind()) {
            case DIRECTORY -> 0;
            case SYMBOLIC_LINK -> e.linkTarget().getBytes(StandardCharsets.UTF_8).length;
            default -> e.sourceFile() == null ? e.contentNoCopy().length : sourceSize(e);
        };
    }

    private static long sourceSize(ArchiveEntry e) throws ArchiveWriteException {
        Path source = e.sourceFile();
        try {
            BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new ArchiveWriteException(Problem.SOURCE_UNREADABLE, source,
                        source + " (for entry " + e.path() + "): not a regular file");
            }
            if (!Files.isReadable(source)) {
                throw new ArchiveWriteException(Problem.SOURCE_UNREADABLE, source,
                        source + " (for entry " + e.path() + "): permission denied");
            }
            return attrs.size();
        } catch (NoSuchFileException x) {
            throw new ArchiveWriteException(Problem.SOURCE_UNREADABLE, source,
                    source + " (for entry " + e.path() + "): no such file", x);
        } catch (IOException x) {
            throw new ArchiveWriteException(Problem.SOURCE_UNREADABLE, source,
                    source + " (for entry " + e.path() + "): " + x.getMessage(), x);
        }
    }

    /** Counts entries and adds up sizes, overall and per top-level name. */
    static final class Tally {
        private int files;
        private int directories;
        private int links;
        private long compressed;
        private long uncompressed;
        private final Map<String, long[]> top = new TreeMap<>(UTF8_ORDER);
        private final Map<String, Boolean> topIsDirectory = new HashMap<>();

        void add(Planned p, long compressedBytes) {
            switch (p.kind()) {
                case DIRECTORY -> directories++;
                case SYMBOLIC_LINK -> links++;
                default -> files++;
            }
            compressed += compressedBytes;
            uncompressed += p.size();
            long[] t = top.computeIfAbsent(p.topLevel(), k -> new long[3]);
            t[0]++;
            t[1] += compressedBytes;
            t[2] += p.size();
            if (p.path().equals(p.topLevel())) {
                topIsDirectory.put(p.topLevel(), p.isDirectory());
            }
        }

        ArchiveSummary summary(Path output, long archiveBytes) {
            List<ArchiveSummary.TopLevel> levels = new ArrayList<>();
            top.forEach((name, t) -> levels.add(new ArchiveSummary.TopLevel(name,
                    topIsDirectory.getOrDefault(name, true), (int) t[0], t[1], t[2])));
            return new ArchiveSummary(output, files + directories + links, files, directories, links,
                    archiveBytes < 0 ? uncompressed : archiveBytes, compressed, uncompressed, levels);
        }
    }
}
