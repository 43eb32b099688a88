package dev.nativepack.core.packages;

import dev.nativepack.core.cache.FileCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which of dpkg's file lists name a file of a given name: for each list, the hashes of the file
 * names of its lines, sorted. A lookup gives the few lists worth reading (a hash may collide, so
 * the caller reads them to be sure). Built in one pass over every list, and small enough (8 bytes
 * a line) to be kept between runs.
 */
final class FileListIndex {
    private static final String CACHE_FORMAT = "dpkg-file-list-index-1";

    private final String[] lists;
    /** File-name hash in the high 32 bits, list number in the low; sorted, each once. */
    private final long[] entries;

    private FileListIndex(String[] lists, long[] entries) {
        this.lists = lists;
        this.entries = entries;
    }

    /**
     * The index kept in the cache while the database is as it was, else built and kept: dpkg
     * replaces a list by renaming a new one into the directory and rewrites the status file, so
     * either's change of time tells.
     */
    static FileListIndex of(Path info, Path statusFile, FileCache cache) throws IOException {
        String key = CACHE_FORMAT + '\0' + info.toAbsolutePath() + '\0' + stamp(info) + '\0' + stamp(statusFile);
        FileListIndex kept = fromParts(cache.get(key));
        if (kept != null) {
            return kept;
        }
        FileListIndex built = build(info);
        if (cache.put(key, built.toParts())) {
            cache.trim();
        }
        return built;
    }

    private static String stamp(Path file) throws IOException {
        return Files.exists(file) ? Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS) + "/" + Files.size(file)
                : "none";
    }

    /** Reads every {@code *.list} of a dpkg info directory. */
    static FileListIndex build(Path info) throws IOException {
        List<String> names = new ArrayList<>();
        long[] entries = new long[1 << 16];
        int n = 0;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(info, "*.list")) {
            for (Path list : found) {
                String name = list.getFileName().toString();
                byte[] bytes = Files.readAllBytes(list);
                int number = names.size();
                names.add(name.substring(0, name.length() - ".list".length()));
                int h = 0;
                for (byte b : bytes) {
                    if (b == '/') {
                        h = 0;
                    } else if (b != '\n') {
                        h = 31 * h + b;
                    } else {
                        if (n == entries.length) {
                            entries = Arrays.copyOf(entries, n * 2);
                        }
                        entries[n++] = ((long) h << 32) | number;
                        h = 0;
                    }
                }
            }
        }
        Arrays.sort(entries, 0, n);
        int unique = 0;
        for (int i = 0; i < n; i++) {
            if (unique == 0 || entries[unique - 1] != entries[i]) {
                entries[unique++] = entries[i];
            }
        }
        return new FileListIndex(names.toArray(new String[0]), Arrays.copyOf(entries, unique));
    }

    /** The lists that may name a file of this name (a line ending in {@code /NAME}), in the lists' order. */
    List<String> listsNaming(String fileName) {
        int h = hash(fileName.getBytes(StandardCharsets.UTF_8));
        int at = Arrays.binarySearch(entries, (long) h << 32);
        List<String> out = new ArrayList<>();
        for (int i = at < 0 ? -at - 1 : at; i < entries.length && (int) (entries[i] >>> 32) == h; i++) {
            int list = (int) entries[i];
            if (list >= 0 && list < lists.length) {
                out.add(lists[list]);
            }
        }
        return out;
    }

    /** The index as two byte arrays: the list names, one a line, and the entries. */
    byte[][] toParts() {
        ByteBuffer e = ByteBuffer.allocate(entries.length * 8);
        e.asLongBuffer().put(entries);
        return new byte[][] {String.join("\n", lists).getBytes(StandardCharsets.UTF_8), e.array()};
    }

    /** The index {@link #toParts} wrote, or null when the parts are not one. */
    static FileListIndex fromParts(byte[][] parts) {
        if (parts == null || parts.length != 2 || parts[1].length % 8 != 0) {
            return null;
        }
        String[] lists = new String(parts[0], StandardCharsets.UTF_8).split("\n", -1);
        long[] entries = new long[parts[1].length / 8];
        ByteBuffer.wrap(parts[1]).asLongBuffer().get(entries);
        return new FileListIndex(lists, entries);
    }

    /** The hash kept of a line's file name (the bytes after its last '/'). */
    private static int hash(byte[] bytes) {
        int h = 0;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        return h;
    }
}
