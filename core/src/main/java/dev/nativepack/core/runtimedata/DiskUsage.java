package dev.nativepack.core.runtimedata;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Function;

/**
 * The size of a file or directory tree, symbolic links not followed (a link counts as a file of no
 * size: what it points to is either inside the tree or not the tree's), and what it holds: shared
 * objects, and the first that must never be bundled. Bounded: a tree of more than
 * {@value #MAX_FILES} files is counted that far.
 *
 * @param bytes        total size of the regular files
 * @param files        how many files and links
 * @param sharedObjects how many {@code .so} files it holds (a plugin directory holds some)
 * @param neverBundled what the first file that must come from the target is, or null
 * @param complete     false when the bound stopped the count
 */
record DiskUsage(long bytes, int files, int sharedObjects, String neverBundled, boolean complete) {
    static final int MAX_FILES = 200_000;

    /**
     * @param rootPath     the path on the build root of {@code host}, to ask {@code neverBundle} about its files
     * @param neverBundle  what a file (by its path on the root) is when it must never be bundled, else null
     */
    static DiskUsage of(Path host, String rootPath, Function<String, String> neverBundle) {
        long[] bytes = {0};
        int[] counts = {0, 0};
        String[] never = {null};
        boolean[] complete = {true};
        try {
            Files.walkFileTree(host, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (++counts[0] > MAX_FILES) {
                        complete[0] = false;
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isRegularFile()) {
                        bytes[0] += attrs.size();
                    }
                    String name = file.getFileName().toString();
                    if (name.endsWith(".so") || name.contains(".so.")) {
                        counts[1]++;
                        if (never[0] == null) {
                            String rel = host.relativize(file).toString();
                            never[0] = neverBundle.apply(rel.isEmpty() ? rootPath : rootPath + "/" + rel);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // An unreadable directory (/etc/ssl/private): counted as far as it can be read.
                    complete[0] = false;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            complete[0] = false;
        }
        return new DiskUsage(bytes[0], Math.min(counts[0], MAX_FILES), counts[1], never[0], complete[0]);
    }
}
