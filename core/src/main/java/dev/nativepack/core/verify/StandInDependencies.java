package dev.nativepack.core.verify;

import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.cache.FileIdentity;
import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.edit.ElfEditException;
import dev.nativepack.elf.edit.ElfEditor;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox stands this machine's libraries in for the target's, and one of them may need a
 * library the target's own copy does not (Debian's libcurl needs librtmp; Amazon Linux's does not).
 * Left alone, the loader fails on the stand-in's need, and the bundle seems to lack a library that
 * it does not need on the target. Such dependencies are made visible in a directory of their own,
 * {@value #DIRECTORY}, which only the stand-ins search: each stand-in that needs one is bound as a
 * copy with a DT_RUNPATH naming that directory. DT_RUNPATH serves only the object's own needs, so
 * the bundle's programs and libraries never find anything there: a library they lack still fails
 * as it would on the target. The copies are kept under the nativepack cache by their source's
 * identity.
 */
final class StandInDependencies {
    /** Where the stand-ins' own dependencies are, in the sandbox; the target has no such directory. */
    static final String DIRECTORY = "/.nativepack/stand-in-dependencies";
    private static final String CODE = dev.nativepack.core.cache.CodeIdentity.of(StandInDependencies.class,
            ElfEditor.class);
    /** Bounds the walk over dependencies of dependencies. */
    private static final int MAX_LIBRARIES = 500;

    private StandInDependencies() {
    }

    /**
     * The binds that give the stand-ins what they need beyond the target's libraries: a patched
     * copy replaces each stand-in (or added dependency) that needs one, and the dependencies are
     * bound in {@value #DIRECTORY}. Empty when every stand-in's needs are the target's libraries.
     *
     * @param standIns     the baseline's binds: path in the sandbox -> file on this machine
     * @param targetNames  the names of the target's libraries (file names and sonames)
     * @param searchDirs   where this machine's libraries of the program's architecture are
     * @param copies       where patched copies are kept
     */
    static Map<String, Path> binds(Map<String, Path> standIns, Set<String> targetNames, List<Path> searchDirs,
                                   Path copies) throws IOException {
        // Reading every stand-in's dynamic section costs a fresh JVM ~60 ms; the answer only changes
        // when a library directory does (a package installs by renaming into it).
        FileCache cache = new FileCache(copies.resolve("binds"), 1 << 20);
        String key = key(standIns, targetNames, searchDirs);
        byte[][] kept = key == null ? null : cache.get(key);
        if (kept != null && kept.length == 1) {
            Map<String, Path> known = decode(kept[0]);
            if (known != null) {
                return known;
            }
        }
        Map<String, Path> found = find(standIns, targetNames, searchDirs, copies);
        if (key != null) {
            cache.put(key, encode(found));
        }
        return found;
    }

    /** What the answer depends on: this code, the stand-ins, the target's names and the directories' times. */
    private static String key(Map<String, Path> standIns, Set<String> targetNames, List<Path> searchDirs) {
        StringBuilder key = new StringBuilder("stand-in-binds-v1 ").append(CODE);
        try {
            for (Path dir : searchDirs) {
                key.append(dir).append(' ').append(Files.getLastModifiedTime(dir).toMillis()).append('\n');
            }
        } catch (IOException e) {
            return null;
        }
        key.append(new java.util.TreeSet<>(targetNames)).append('\n').append(standIns);
        return key.toString();
    }

    private static byte[] encode(Map<String, Path> binds) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Path> b : binds.entrySet()) {
            out.append(b.getKey()).append('\t').append(b.getValue()).append('\n');
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The kept binds, or null when one of their files is gone (a copy removed with the cache). */
    private static Map<String, Path> decode(byte[] bytes) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String line : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            Path file = Path.of(line.substring(tab + 1));
            if (!Files.isRegularFile(file)) {
                return null;
            }
            out.put(line.substring(0, tab), file);
        }
        return out;
    }

    private static Map<String, Path> find(Map<String, Path> standIns, Set<String> targetNames, List<Path> searchDirs,
                                          Path copies) throws IOException {
        Map<String, Path> added = new LinkedHashMap<>();
        Map<Path, List<String>> needs = new LinkedHashMap<>();
        Deque<Path> queue = new ArrayDeque<>(standIns.values());
        while (!queue.isEmpty() && needs.size() < MAX_LIBRARIES) {
            Path file = queue.poll();
            if (needs.containsKey(file)) {
                continue;
            }
            List<String> needed = needed(file);
            needs.put(file, needed);
            for (String name : needed) {
                if (targetNames.contains(name) || added.containsKey(name)) {
                    continue;
                }
                Path found = find(name, searchDirs);
                if (found != null) {
                    added.put(name, found);
                    queue.add(found);
                }
            }
        }
        Map<String, Path> out = new LinkedHashMap<>();
        if (added.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, Path> s : standIns.entrySet()) {
            if (needsAny(needs.get(s.getValue()), added)) {
                out.put(s.getKey(), searching(s.getValue(), copies));
            }
        }
        for (Map.Entry<String, Path> a : added.entrySet()) {
            Path file = a.getValue();
            out.put(DIRECTORY + "/" + a.getKey(), needsAny(needs.get(file), added) ? searching(file, copies) : file);
        }
        return out;
    }

    private static boolean needsAny(List<String> needed, Map<String, Path> added) {
        if (needed == null) {
            return false;
        }
        for (String n : needed) {
            if (added.containsKey(n)) {
                return true;
            }
        }
        return false;
    }

    /** DT_NEEDED of a file; none for one that is not a dynamic ELF object (the loader, a script). */
    private static List<String> needed(Path file) {
        try {
            ElfFile elf = ElfFile.open(file);
            return elf.hasDynamicSegment() ? elf.dynamic().needed() : List.of();
        } catch (MalformedElfException | IOException e) {
            return List.of();
        }
    }

    private static Path find(String name, List<Path> searchDirs) throws IOException {
        if (name.contains("/")) {
            return null;
        }
        for (Path dir : searchDirs) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate.toRealPath();
            }
        }
        return null;
    }

    /**
     * A copy of {@code file} whose DT_RUNPATH adds {@value #DIRECTORY} after what it had, kept by
     * the file's identity; the file itself when it cannot be edited (the loader then says what it lacks).
     */
    private static Path searching(Path file, Path copies) throws IOException {
        String identity = FileIdentity.of(file);
        if (identity == null) {
            return file;
        }
        Path copy = copies.resolve(FileCache.hash128("stand-in-v1 " + identity)).resolve(file.getFileName());
        if (Files.isRegularFile(copy)) {
            return copy;
        }
        byte[] edited;
        try {
            DynamicSection dynamic = ElfFile.open(file).dynamic();
            String existing = dynamic.runpath() != null ? dynamic.runpath() : dynamic.rpath();
            edited = ElfEditor.of(Files.readAllBytes(file), file.toString())
                    .setRunpath(existing == null || existing.isEmpty() ? DIRECTORY : existing + ":" + DIRECTORY)
                    .apply().bytes();
        } catch (MalformedElfException | ElfEditException e) {
            return file;
        }
        Path temporary = null;
        try {
            Files.createDirectories(copy.getParent());
            temporary = Files.createTempFile(copy.getParent(), ".copy-", ".tmp");
            Files.write(temporary, edited);
            try {
                Files.move(temporary, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            // A cache that cannot be written (a read-only home): the stand-in as it is, and the loader
            // then says what it lacks, as before.
            return file;
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
