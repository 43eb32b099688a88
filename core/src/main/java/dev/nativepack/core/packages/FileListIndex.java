package dev.nativepack.core.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every dpkg file list in memory, with its lines indexed by the hash of their file name, so that
 * the packages naming a file are found without going through megabytes of lists again. Built in
 * one pass over the lists' bytes; no string is made until a name is looked up.
 */
final class FileListIndex {
    /** One list: its name in the database ({@code libproj25:amd64}) and its bytes. */
    private record FileList(String name, byte[] bytes) {
    }

    /** A line of a list: which list, and the path it names. */
    record Line(String list, String path) {
    }

    private final List<FileList> lists = new ArrayList<>();
    private final Map<String, FileList> byName = new HashMap<>();
    /** A hash table of lines by file-name hash: the first line of each bucket, then each line's next. */
    private final int[] buckets;
    private int[] next = new int[1 << 16];
    private int[] lineHash = new int[1 << 16];
    private int[] lineList = new int[1 << 16];
    private int[] lineStart = new int[1 << 16];
    private int[] lineEnd = new int[1 << 16];
    private int lines;

    private FileListIndex(List<FileList> read, int bucketCount) {
        buckets = new int[bucketCount];
        Arrays.fill(buckets, -1);
        for (int l = 0; l < read.size(); l++) {
            FileList list = read.get(l);
            lists.add(list);
            byName.put(list.name(), list);
            byte[] bytes = list.bytes();
            int start = 0;
            int h = 0;
            for (int i = 0; i < bytes.length; i++) {
                byte b = bytes[i];
                if (b == '/') {
                    h = 0;
                } else if (b != '\n') {
                    h = 31 * h + b;
                } else {
                    add(h, l, start, i);
                    start = i + 1;
                    h = 0;
                }
            }
        }
    }

    private void add(int h, int list, int start, int end) {
        if (lines == next.length) {
            int size = lines * 2;
            next = Arrays.copyOf(next, size);
            lineHash = Arrays.copyOf(lineHash, size);
            lineList = Arrays.copyOf(lineList, size);
            lineStart = Arrays.copyOf(lineStart, size);
            lineEnd = Arrays.copyOf(lineEnd, size);
        }
        int bucket = h & (buckets.length - 1);
        next[lines] = buckets[bucket];
        buckets[bucket] = lines;
        lineHash[lines] = h;
        lineList[lines] = list;
        lineStart[lines] = start;
        lineEnd[lines] = end;
        lines++;
    }

    /** Reads every {@code *.list} of a dpkg info directory. */
    static FileListIndex read(Path info) throws IOException {
        List<FileList> read = new ArrayList<>();
        long bytes = 0;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(info, "*.list")) {
            for (Path list : found) {
                String name = list.getFileName().toString();
                FileList l = new FileList(name.substring(0, name.length() - ".list".length()), Files.readAllBytes(list));
                read.add(l);
                bytes += l.bytes().length;
            }
        }
        // About one line per 40 bytes; a bucket per line or two keeps the chains short.
        return new FileListIndex(read, Integer.highestOneBit((int) Math.max(1024, Math.min(1 << 24, bytes / 32))));
    }

    /** The lines, in every list, whose file name is this one, in the lists' order. */
    List<Line> named(String fileName) {
        int h = hash(fileName.getBytes(StandardCharsets.UTF_8));
        List<Line> out = new ArrayList<>();
        for (int line = buckets[h & (buckets.length - 1)]; line >= 0; line = next[line]) {
            if (lineHash[line] != h) {
                continue;
            }
            FileList list = lists.get(lineList[line]);
            String path = new String(list.bytes(), lineStart[line], lineEnd[line] - lineStart[line],
                    StandardCharsets.UTF_8);
            if (path.endsWith("/" + fileName)) {
                out.add(new Line(list.name(), path));
            }
        }
        // Each bucket holds its lines last first.
        java.util.Collections.reverse(out);
        return out;
    }

    /** A list's lines, or null when the database has no such list. */
    List<String> lines(String list) {
        FileList found = byName.get(list);
        return found == null ? null : List.of(new String(found.bytes(), StandardCharsets.UTF_8).split("\n"));
    }

    /** The hash {@link FileListIndex} keeps of a line's file name (the bytes after its last '/'). */
    private static int hash(byte[] bytes) {
        int h = 0;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        return h;
    }
}
