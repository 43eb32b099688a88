package dev.nativepack.core.jar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars the user named: a jar or zip as it is, a directory walked for the jars and zips in it
 * (told by their magic, in name order; symbolic links are not followed).
 */
final class JarInputs {
    /** A jar to read: where it is, and how messages name it. */
    record Found(Path path, String display) {
    }

    private JarInputs() {
    }

    static List<Found> expand(String name) throws JarInputException {
        Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw new JarInputException(name + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw new JarInputException(name + ": permission denied");
        }
        if (Files.isDirectory(path)) {
            return walk(name, path);
        }
        if (!isZipFile(path)) {
            throw new JarInputException(name + ": not a jar, a zip or a directory (no zip signature at its start)");
        }
        return List.of(new Found(path, name));
    }

    /** Whether the file starts with a zip's local header or end record. */
    static boolean isZipFile(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return JarZip.isZip(head, in.readNBytes(head, 0, 4));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Found> walk(String name, Path root) throws JarInputException {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && attrs.size() >= 22 && isZipFile(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new JarInputException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        files.sort(null);
        String prefix = name.endsWith("/") ? name : name + "/";
        List<Found> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new Found(f, prefix + root.relativize(f)));
        }
        return out;
    }
}
