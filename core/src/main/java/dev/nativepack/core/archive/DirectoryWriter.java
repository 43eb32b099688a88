package dev.nativepack.core.archive;

import dev.nativepack.core.archive.ArchivePlan.Planned;
import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Writes the entries an {@link ArchiveWriter} would zip as a plain directory tree (the
 * {@code --layout dir} output): the same paths, the same modes (directories and executables
 * 0755, other files 0644, symbolic links as links) and the timestamp as every file's, link's
 * and directory's modification time. The tree is built in a temporary sibling directory and
 * renamed into place; an existing output that is not an empty directory is refused unless
 * replacing it was asked for.
 */
public final class DirectoryWriter {
    private static final Set<PosixFilePermission> RWXR_XR_X = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> RW_R__R__ = PosixFilePermissions.fromString("rw-r--r--");

    private final ArchiveOptions options;

    /** Only the timestamp and whether symbolic links are allowed matter here. */
    public DirectoryWriter(ArchiveOptions options) {
        this.options = options;
    }

    /**
     * Writes {@code entries} as the directory {@code output}.
     *
     * @param replace whether an existing output (a non-empty directory, or a file) is replaced
     * @throws ArchiveWriteException with nothing left behind and an old output as it was
     */
    public ArchiveSummary write(List<ArchiveEntry> entries, Path output, boolean replace) throws ArchiveWriteException {
        ArchivePlan plan = ArchivePlan.of(entries, options.allowSymbolicLinks());
        Path out = output.toAbsolutePath().normalize();
        Path dir = OutputFiles.parentOf(out);
        boolean exists = Files.exists(out, LinkOption.NOFOLLOW_LINKS);
        boolean emptyDirectory = exists && isEmptyDirectory(out);
        if (exists && !emptyDirectory && !replace) {
            throw new ArchiveWriteException(Problem.OUTPUT_EXISTS, out, out + ": already exists and is not an empty"
                    + " directory; remove it or ask for it to be replaced");
        }
        OutputFiles.removeStale(out);
        Path temporary;
        try {
            temporary = OutputFiles.createSibling(out, true, "tmp");
        } catch (IOException e) {
            throw OutputFiles.failure(out, e);
        }
        Path aside = null;
        boolean done = false;
        try {
            ArchivePlan.Tally tally = new ArchivePlan.Tally();
            try {
                writeTree(plan, temporary, tally);
            } catch (SourceProblem e) {
                throw e.failure;
            } catch (IOException e) {
                throw OutputFiles.failure(out, e);
            }
            try {
                if (exists && !emptyDirectory) {
                    aside = OutputFiles.createSibling(out, true, "old");
                    Files.delete(aside);
                    Files.move(out, aside, StandardCopyOption.ATOMIC_MOVE);
                }
                try {
                    Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (aside != null) {
                        Files.move(aside, out, StandardCopyOption.ATOMIC_MOVE);
                        aside = null;
                    }
                    throw e;
                }
            } catch (IOException e) {
                throw OutputFiles.failure(out, e);
            }
            done = true;
            OutputFiles.syncDirectory(dir);
            return tally.summary(out, -1);
        } finally {
            if (!done) {
                OutputFiles.deleteTree(temporary);
            }
            OutputFiles.deleteTree(aside);
        }
    }

    private static boolean isEmptyDirectory(Path path) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
            return !children.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private void writeTree(ArchivePlan plan, Path root, ArchivePlan.Tally tally) throws IOException {
        FileTime time = FileTime.from(options.timestamp().instant());
        List<Path> directories = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        for (Planned p : plan.entries()) {
            Path target = root.resolve(p.path());
            switch (p.kind()) {
                case DIRECTORY -> {
                    Files.createDirectory(target);
                    directories.add(target);
                }
                case SYMBOLIC_LINK -> {
                    Files.createSymbolicLink(target, Path.of(p.entry().linkTarget()));
                    links.add(target);
                }
                default -> {
                    writeFile(p, target);
                    setPermissions(target, p.kind() == ArchiveEntry.Kind.EXECUTABLE ? RWXR_XR_X : RW_R__R__);
                    Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(time, null, null);
                }
            }
            tally.add(p, p.size());
        }
        for (Path link : links) {
            Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
        }
        // Deepest first: making a child changes its parent's modification time.
        directories.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        directories.add(root);
        for (Path d : directories) {
            setPermissions(d, RWXR_XR_X);
            OutputFiles.syncDirectory(d);
            Files.getFileAttributeView(d, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
        }
    }

    private static void writeFile(Planned p, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            if (p.sourceFile() == null) {
                ByteBuffer content = ByteBuffer.wrap(p.memoryContent());
                while (content.hasRemaining()) {
                    channel.write(content);
                }
            } else {
                copy(p, channel);
            }
            channel.force(true);
        }
    }

    private static void copy(Planned p, FileChannel to) throws IOException {
        Path source = p.sourceFile();
        InputStream in;
        try {
            in = Files.newInputStream(source);
        } catch (IOException e) {
            throw unreadable(p, e);
        }
        try (in) {
            byte[] buf = new byte[1 << 16];
            long copied = 0;
            while (copied < p.size()) {
                int n;
                try {
                    n = in.read(buf, 0, (int) Math.min(buf.length, p.size() - copied));
                } catch (IOException e) {
                    throw unreadable(p, e);
                }
                if (n < 0) {
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    to.write(b);
                }
                copied += n;
            }
            boolean more;
            try {
                more = in.read() >= 0;
            } catch (IOException e) {
                throw unreadable(p, e);
            }
            if (copied != p.size() || more) {
                throw new SourceProblem(new ArchiveWriteException(Problem.SOURCE_CHANGED, source, source
                        + ": its size changed while being copied (entry " + p.path() + "); nothing was left behind"));
            }
        }
    }

    private static SourceProblem unreadable(Planned p, IOException e) {
        String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
        return new SourceProblem(new ArchiveWriteException(Problem.SOURCE_UNREADABLE, p.sourceFile(), p.sourceFile()
                + " (for entry " + p.path() + "): " + reason + "; nothing was left behind", e));
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // A file system without unix modes keeps its own.
        }
    }

    /** A source's failure, told apart from the output's. */
    private static final class SourceProblem extends IOException {
        private static final long serialVersionUID = 1L;
        final transient ArchiveWriteException failure;

        SourceProblem(ArchiveWriteException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }
}
