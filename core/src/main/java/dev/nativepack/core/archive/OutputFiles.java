package dev.nativepack.core.archive;

import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary siblings of an output, and what a failure to write one means. A temporary file or
 * directory is named {@code .NAME.nativepack-PID-RANDOM.tmp} beside the output NAME (a tree
 * being replaced is moved aside as {@code ....old}); one left by a process that no longer
 * runs (killed while writing) is removed by the next write of the same output.
 */
final class OutputFiles {
    private static final Pattern OURS = Pattern.compile("\\.nativepack-(\\d+)-[0-9a-f]{8}\\.(tmp|old)");

    private OutputFiles() {
    }

    /** Creates a new temporary file or directory beside {@code output}. */
    static Path createSibling(Path output, boolean directory, String suffix) throws IOException {
        Path dir = output.getParent();
        String base = "." + output.getFileName() + ".nativepack-" + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            String random = String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
            Path candidate = dir.resolve(base + random + "." + suffix);
            try {
                return directory ? Files.createDirectory(candidate) : Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /** Removes temporary siblings of {@code output} left by processes that are gone; errors are ignored. */
    static void removeStale(Path output) {
        String prefix = "." + output.getFileName();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(output.getParent(),
                p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : siblings) {
                Matcher m = OURS.matcher(p.getFileName().toString().substring(prefix.length()));
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    deleteTree(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only housekeeping: a leftover does no harm to this write.
        }
    }

    private static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Deletes a file or a tree without following symbolic links; errors are ignored. */
    static void deleteTree(Path path) {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort.
        }
    }

    /** Makes a rename in {@code dir} durable; file systems that cannot sync a directory are let be. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened or synced.
        }
    }

    /** The directory an output goes in, checked to exist. */
    static Path parentOf(Path output) throws ArchiveWriteException {
        Path dir = output.getParent();
        if (dir == null) {
            throw new ArchiveWriteException(Problem.OUTPUT_IS_DIRECTORY, output, output + ": is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new ArchiveWriteException(Problem.OUTPUT_DIRECTORY_MISSING, dir, output + ": the directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        return dir;
    }

    /** What an I/O failure while writing {@code output} means, with a message naming it. */
    static ArchiveWriteException failure(Path output, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null) {
            reason = e.getClass().getSimpleName();
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        String tail = "; nothing was left behind";
        if (e instanceof AccessDeniedException || lower.contains("permission denied") || lower.contains("read-only file system")
                || lower.contains("operation not permitted")) {
            return new ArchiveWriteException(Problem.OUTPUT_NOT_WRITABLE, output, output + ": cannot write in "
                    + output.getParent() + " (" + reason + ")" + tail, e);
        }
        if (lower.contains("no space left") || lower.contains("quota exceeded") || lower.contains("file too large")) {
            return new ArchiveWriteException(Problem.DISK_FULL, output, output + ": the file system is full ("
                    + reason + ")" + tail, e);
        }
        if (e instanceof NoSuchFileException) {
            return new ArchiveWriteException(Problem.OUTPUT_DIRECTORY_MISSING, output, output
                    + ": the directory " + output.getParent() + " disappeared while writing" + tail, e);
        }
        return new ArchiveWriteException(Problem.WRITE_FAILED, output, output + ": cannot be written (" + reason + ")"
                + tail, e);
    }
}
