package dev.nativepack.core.archive;

import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes one output file as {@link ArchiveWriter} writes zips: into a temporary sibling
 * ({@code .NAME.nativepack-PID-RANDOM.tmp}), synced, then renamed over the output. On any failure
 * the temporary file is removed and an old output is left as it was; nothing is written anywhere
 * else.
 */
public final class AtomicFile {
    /** Writes the content; may throw its own kind of exception, which is passed on. */
    @FunctionalInterface
    public interface Content<E extends Exception> {
        void writeTo(FileChannel channel) throws IOException, E;
    }

    private AtomicFile() {
    }

    /**
     * @throws ArchiveWriteException the output cannot be written (a directory, a missing or
     *         read-only directory, a full disk); the message names it
     * @throws E                     what {@code content} throws, after the temporary file is removed
     */
    public static <E extends Exception> void write(Path output, Content<E> content) throws ArchiveWriteException, E {
        Path out = output.toAbsolutePath().normalize();
        if (Files.isDirectory(out)) {
            throw new ArchiveWriteException(Problem.OUTPUT_IS_DIRECTORY, out, output + ": is a directory");
        }
        OutputFiles.parentOf(out);
        OutputFiles.removeStale(out);
        Path temporary = null;
        boolean renamed = false;
        try {
            temporary = OutputFiles.createSibling(out, false, "tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
            OutputFiles.syncDirectory(out.getParent());
        } catch (IOException e) {
            throw OutputFiles.failure(out, e);
        } finally {
            if (!renamed) {
                OutputFiles.deleteTree(temporary);
            }
        }
    }
}
