package dev.nativepack.core.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a deployment archive: its path inside the archive and where its content comes
 * from (a file on this machine, bytes in memory, or the target of a symbolic link). Only the
 * content of a source file is used, never its permissions, owner or times: the kind the caller
 * chooses decides the mode. Directories are generated for every parent; {@link #directory}
 * is needed only for an empty one.
 *
 * <p>Paths are relative, separated by {@code /}, without empty, {@code .} or {@code ..}
 * segments; anything else is refused when the entry is made.
 */
public final class ArchiveEntry {
    /** What an entry is, which fixes its mode. */
    public enum Kind {
        /** A regular file, mode 0644. */
        FILE(0100644),
        /** An executable regular file, mode 0755. */
        EXECUTABLE(0100755),
        /** A directory, mode 0755. */
        DIRECTORY(040755),
        /** A symbolic link, mode 0777. */
        SYMBOLIC_LINK(0120777);

        private final int unixMode;

        Kind(int unixMode) {
            this.unixMode = unixMode;
        }

        /** The full unix mode written: file type and permission bits. */
        public int unixMode() {
            return unixMode;
        }
    }

    /** The longest name a zip header holds, in UTF-8 bytes (a directory's also ends with a slash). */
    static final int MAX_PATH_BYTES = 0xFFFF - 1;

    private final String path;
    private final Kind kind;
    private final Path file;
    private final byte[] bytes;
    private final String linkTarget;
    private final String contentDigest;

    private ArchiveEntry(String path, Kind kind, Path file, byte[] bytes, String linkTarget, String contentDigest) {
        this.path = path;
        this.kind = kind;
        this.file = file;
        this.bytes = bytes;
        this.linkTarget = linkTarget;
        this.contentDigest = contentDigest;
    }

    private ArchiveEntry(String path, Kind kind, Path file, byte[] bytes, String linkTarget) {
        this(path, kind, file, bytes, linkTarget, null);
    }

    /**
     * This entry, its content known by {@code sha256} (lower-case hex, which the caller vouches
     * for): a {@link CompressionCache} may then supply its compressed form instead of compressing
     * it again.
     */
    public ArchiveEntry withContentDigest(String sha256) {
        if (kind == Kind.DIRECTORY || kind == Kind.SYMBOLIC_LINK) {
            throw new IllegalArgumentException(path + ": only a file's content has a digest");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(path + ": not a SHA-256 in hex: " + sha256);
        }
        return new ArchiveEntry(path, kind, file, bytes, linkTarget, sha256);
    }

    /** The SHA-256 of the content as the caller gave it, or null. */
    public String contentDigest() {
        return contentDigest;
    }

    /** A regular file whose content is read from {@code source} (links to it are followed) when the archive is written. */
    public static ArchiveEntry file(String path, Path source, boolean executable) {
        Objects.requireNonNull(source, "source");
        return new ArchiveEntry(checkPath(path), executable ? Kind.EXECUTABLE : Kind.FILE, source, null, null);
    }

    /** A regular file with the given content (copied). */
    public static ArchiveEntry bytes(String path, byte[] content, boolean executable) {
        Objects.requireNonNull(content, "content");
        return new ArchiveEntry(checkPath(path), executable ? Kind.EXECUTABLE : Kind.FILE, null, content.clone(), null);
    }

    /** A symbolic link; the target is kept as given (relative, or absolute such as {@code /opt/lib/libz.so.1}). */
    public static ArchiveEntry symbolicLink(String path, String target) {
        Objects.requireNonNull(target, "target");
        if (target.isEmpty() || target.indexOf('\0') >= 0 || !StandardCharsets.UTF_8.newEncoder().canEncode(target)
                || target.getBytes(StandardCharsets.UTF_8).length > 4095) {
            throw new IllegalArgumentException("symbolic link " + path + ": bad target \"" + target + "\"");
        }
        return new ArchiveEntry(checkPath(path), Kind.SYMBOLIC_LINK, null, null, target);
    }

    /** A directory; only an empty one needs its own entry (a trailing slash is accepted). */
    public static ArchiveEntry directory(String path) {
        Objects.requireNonNull(path, "path");
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return new ArchiveEntry(checkPath(p), Kind.DIRECTORY, null, null, null);
    }

    /** The path inside the archive, without a trailing slash. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /** The file the content is read from, or null. */
    public Path sourceFile() {
        return file;
    }

    /** The content held in memory (a copy), or null. */
    public byte[] content() {
        return bytes == null ? null : bytes.clone();
    }

    /** The target of a symbolic link, or null. */
    public String linkTarget() {
        return linkTarget;
    }

    /** The content without copying, for this package. */
    byte[] contentNoCopy() {
        return bytes;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SYMBOLIC_LINK -> path + " -> " + linkTarget;
            case DIRECTORY -> path + "/";
            default -> path + (file != null ? " (from " + file + ")" : " (" + bytes.length + " bytes)")
                    + (kind == Kind.EXECUTABLE ? " [executable]" : "");
        };
    }

    /** The path as given when it is a clean relative path, else an IllegalArgumentException naming the problem. */
    static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        String problem = null;
        if (path.isEmpty()) {
            problem = "is empty";
        } else if (path.indexOf('\0') >= 0) {
            problem = "contains a NUL character";
        } else if (path.indexOf('\\') >= 0) {
            problem = "contains a backslash (unzip tools read it as a separator)";
        } else if (path.startsWith("/")) {
            problem = "is absolute";
        } else if (!StandardCharsets.UTF_8.newEncoder().canEncode(path)) {
            problem = "is not valid Unicode";
        } else if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            problem = "is longer than a zip name can be";
        } else {
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    problem = "has an empty, \".\" or \"..\" segment";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("archive path \"" + path + "\" " + problem);
        }
        return path;
    }
}
