package dev.nativepack.core.archive;

import java.nio.file.Path;

/**
 * An archive (or directory tree) that could not be written. When it is thrown nothing is left
 * at the output path that was not there before: the temporary file or directory has been
 * removed and an old output is untouched. The message names the file and the problem.
 */
public final class ArchiveWriteException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react to it. */
    public enum Problem {
        /** Entries contradict each other: a path given twice, or a file used as a directory. */
        CONFLICTING_ENTRIES,
        /** A symbolic link while the options refuse them. */
        SYMBOLIC_LINK_REFUSED,
        /** A source file is missing, not a regular file, or cannot be read. */
        SOURCE_UNREADABLE,
        /** A source file changed while it was being archived. */
        SOURCE_CHANGED,
        /** The output path is a directory (for a zip). */
        OUTPUT_IS_DIRECTORY,
        /** The output exists and is not empty, and replacing it was not asked for (for a directory). */
        OUTPUT_EXISTS,
        /** The directory the output goes in does not exist. */
        OUTPUT_DIRECTORY_MISSING,
        /** The directory the output goes in cannot be written (permissions, a read-only file system). */
        OUTPUT_NOT_WRITABLE,
        /** The file system ran out of space or quota. */
        DISK_FULL,
        /** Any other failure writing the output. */
        WRITE_FAILED,
        /** The writing thread was interrupted. */
        INTERRUPTED
    }

    private final Problem problem;
    private final transient Path path;

    public ArchiveWriteException(Problem problem, Path path, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.path = path;
    }

    public ArchiveWriteException(Problem problem, Path path, String message) {
        this(problem, path, message, null);
    }

    public Problem problem() {
        return problem;
    }

    /** The file the problem is about (the output, or a source), or null. */
    public Path path() {
        return path;
    }
}
