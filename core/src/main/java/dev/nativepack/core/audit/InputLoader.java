package dev.nativepack.core.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Turns what the user named into audit inputs: ELF files as they are, directories walked (symbolic
 * links are not followed), and zip archives unpacked into a scratch directory the way Lambda
 * unpacks them, symbolic links included. Nothing is written outside the scratch directory.
 */
final class InputLoader {
    /** Far above any platform's unpacked limit; stops a zip bomb from filling the disk. */
    static final long MAX_UNPACKED_BYTES = 4L << 30;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

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

    /** Regular files and directories first, symbolic links last, so no file is written through a link. */
    private static void unzip(String name, Path archive, Path dir) throws IOException, AuditInputException {
        Map<Path, String> links = new LinkedHashMap<>();
        long total = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(archive, StandardOpenOption.READ);
             ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                Path out = inside(name, dir, entry.getName());
                if (out.equals(dir)) {
                    continue;
                }
                if (entry.isUnixSymlink()) {
                    links.put(out, zip.getUnixSymlink(entry));
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                    throw new AuditInputException(name + ": entry " + entry.getName() + " appears twice");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    total += Files.copy(in, out);
                }
                if (total > MAX_UNPACKED_BYTES) {
                    throw new AuditInputException(name + ": unpacks to more than " + (MAX_UNPACKED_BYTES >> 30)
                            + " GiB; not a deployment package");
                }
                if ((entry.getUnixMode() & 0111) != 0) {
                    out.toFile().setExecutable(true, false);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof java.util.zip.ZipException || e.getCause() instanceof java.util.zip.ZipException
                    || e instanceof IllegalArgumentException) {
                throw new AuditInputException(name + ": damaged zip archive: " + e.getMessage(), e);
            }
            throw e;
        }
        for (Map.Entry<Path, String> link : links.entrySet()) {
            Files.createDirectories(link.getKey().getParent());
            if (Files.exists(link.getKey(), LinkOption.NOFOLLOW_LINKS)) {
                throw new AuditInputException(name + ": entry " + dir.relativize(link.getKey()) + " appears twice");
            }
            // Kept as the archive says: an absolute link points into the target (a layer under /opt, say),
            // and the resolver reads it inside the target's namespace, never on this machine.
            Files.createSymbolicLink(link.getKey(), Path.of(link.getValue()));
        }
    }

    /** The output path of an entry; names that climb out of the archive are refused. */
    private static Path inside(String name, Path dir, String entryName) throws AuditInputException {
        String clean = entryName.replace('\\', '/');
        while (clean.startsWith("./")) {
            clean = clean.substring(2);
        }
        Path out = dir.resolve(clean).normalize();
        if (clean.startsWith("/") || !out.startsWith(dir)) {
            throw new AuditInputException(name + ": entry " + entryName + " points outside the archive");
        }
        return out;
    }
}
