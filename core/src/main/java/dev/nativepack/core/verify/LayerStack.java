package dev.nativepack.core.verify;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Layers merged into one directory the way Lambda stacks them at {@code /opt}: in order, a file of
 * a later layer replacing the file of the same path in an earlier one, directories merged.
 * Nothing in the merged directory is ever followed: a later layer's directory replaces an earlier
 * layer's file or symbolic link of the same name (rather than being written through the link),
 * and symbolic links are copied as links, so the merge writes only below its own directory.
 * Regular files are hard-linked from the layers where the file system allows it, else copied
 * with their permissions.
 */
public final class LayerStack {
    private LayerStack() {
    }

    /**
     * Merges {@code layers} (directories, first to last) into {@code into}, which must not exist
     * yet or be empty.
     *
     * @return {@code into}
     * @throws IOException a layer cannot be read, holds a device, FIFO or socket, or the merge cannot be written
     */
    public static Path merge(List<Path> layers, Path into) throws IOException {
        Files.createDirectories(into);
        try (var children = Files.list(into)) {
            if (children.findAny().isPresent()) {
                throw new IOException(into + ": the directory to merge layers into is not empty");
            }
        }
        for (Path layer : layers) {
            if (!Files.isDirectory(layer)) {
                throw new IOException(layer + ": a layer must be a directory");
            }
            Files.walkFileTree(layer.toRealPath(), new SimpleFileVisitor<>() {
                private Path source;

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (source == null) {
                        source = dir;
                        return FileVisitResult.CONTINUE;
                    }
                    Path target = into.resolve(source.relativize(dir).toString());
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        removeAny(target);
                        Files.createDirectory(target);
                        copyPermissions(dir, target);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path target = into.resolve(source.relativize(file).toString());
                    removeAny(target);
                    if (attrs.isSymbolicLink()) {
                        Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                    } else if (attrs.isRegularFile()) {
                        linkOrCopy(file, target);
                    } else {
                        throw new IOException(file + ": a device, FIFO or socket cannot be part of a layer");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return into;
    }

    /** Removes what is at {@code path} (a file, a link, or a whole directory), never following a link. */
    private static void removeAny(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            Files.delete(path);
        }
    }

    private static void linkOrCopy(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file);
            return;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Another file system, or hard links not allowed: copy.
        }
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS);
            mode.add(PosixFilePermission.OWNER_READ);
            mode.add(PosixFilePermission.OWNER_WRITE);
            mode.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(to, mode);
        } catch (UnsupportedOperationException e) {
            // A file system without unix modes keeps its own.
        }
    }
}
