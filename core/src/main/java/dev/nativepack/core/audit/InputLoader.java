package dev.nativepack.core.audit;

import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.core.archive.UnzipException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns what the user named into audit inputs: ELF files as they are, directories walked (symbolic
 * links are not followed), and zip archives unpacked into a scratch directory the way Lambda
 * unpacks them, symbolic links included. Nothing is written outside the scratch directory.
 */
final class InputLoader {
    /** Far above any platform's unpacked limit; stops a zip bomb from filling the disk. */
    static final long MAX_UNPACKED_BYTES = 4L << 30;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final SafeUnzip UNZIP = new SafeUnzip().withMaxUnpackedBytes(MAX_UNPACKED_BYTES)
            .allowingAbsoluteLinks(true);

    private Path scratch;
    private int archives;

    /**
     * The directory archives are unpacked into, made on the first archive: making a temporary
     * directory seeds a SecureRandom, a cost a run without archives need not pay.
     */
    private Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("nativepack-audit-");
        }
        return scratch;
    }

    /** The scratch directory if one was made, for the caller to delete; else null. */
    Path scratchMade() {
        return scratch;
    }

    AuditInput load(String name) throws AuditInputException {
        Path path = Path.of(name);
        try {
            if (!Files.exists(path)) {
                throw new AuditInputException(name + ": no such file or directory");
            }
            if (Files.isDirectory(path)) {
                return tree(name, AuditInput.Kind.DIRECTORY, path.toRealPath(), 0);
            }
            if (!Files.isReadable(path)) {
                throw new AuditInputException(name + ": permission denied");
            }
            if (isElf(path)) {
                return new AuditInput(name, AuditInput.Kind.FILE, null, List.of(path), List.of(name), Files.size(path), 0);
            }
            if (isZip(path)) {
                Path dir = scratch().resolve("archive-" + (++archives));
                Files.createDirectories(dir);
                unzip(name, path, dir);
                return tree(name, AuditInput.Kind.ARCHIVE, dir.toRealPath(), Files.size(path));
            }
            throw new AuditInputException(name + ": not an ELF file, a directory or a zip archive");
        } catch (IOException e) {
            throw new AuditInputException(name + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private AuditInput tree(String name, AuditInput.Kind kind, Path root, long zipped) throws IOException {
        List<Path> elfs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        long[] bytes = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    files.add(root.relativize(file).toString());
                    bytes[0] += attrs.size();
                    if (attrs.size() >= 16 && isElf(file)) {
                        elfs.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                // An unreadable file in a tree is not an input of its own; it is skipped.
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(elfs);
        Collections.sort(files);
        return new AuditInput(name, kind, root, List.copyOf(elfs), List.copyOf(files), bytes[0], zipped);
    }

    static boolean isElf(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && java.util.Arrays.equals(head, ELF_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isZip(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5);
        }
    }

    /**
     * Unpacked as the platform would, refusing what could write outside {@code dir}. Absolute
     * links are kept as the archive says: one points into the target (a layer under /opt, say),
     * and the resolver reads it inside the target's namespace, never on this machine.
     */
    private static void unzip(String name, Path archive, Path dir) throws IOException, AuditInputException {
        try {
            UNZIP.unzip(name, archive, dir);
        } catch (UnzipException e) {
            throw new AuditInputException(e.getMessage(), e);
        }
    }
}
