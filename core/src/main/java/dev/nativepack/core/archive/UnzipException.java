package dev.nativepack.core.archive;

/**
 * A zip that {@link SafeUnzip} refuses or cannot read. The message reads
 * {@code ARCHIVE: entry NAME PROBLEM} (or {@code ARCHIVE: PROBLEM} when no one entry is at fault).
 */
public final class UnzipException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** A name whose normalized path climbs out of the directory ({@code ../}). */
        PATH_ESCAPES,
        /** An absolute name. */
        ABSOLUTE_PATH,
        /** A name that cannot be a path: empty, with a NUL character. */
        BAD_NAME,
        /** An entry that would be written through a symbolic link of the same archive. */
        THROUGH_SYMBOLIC_LINK,
        /** A symbolic link whose target, resolved, leaves the directory. */
        LINK_ESCAPES,
        /** A symbolic link to an absolute path while those are not allowed. */
        ABSOLUTE_LINK,
        /** A symbolic link with an empty, over-long or NUL-containing target. */
        BAD_LINK,
        /** The same name twice. */
        DUPLICATE,
        /** A name used as a file (or link) and as a directory. */
        CONFLICT,
        /** A device, FIFO or socket. */
        UNSUPPORTED_TYPE,
        /** Encryption or a compression method that cannot be read. */
        UNSUPPORTED_METHOD,
        /** More entries than the limit. */
        TOO_MANY_ENTRIES,
        /** More unpacked bytes than the limit. */
        TOO_LARGE,
        /** Not a zip, truncated, or content that does not match its CRC or size. */
        DAMAGED,
        /** The directory to unpack into is not empty. */
        DESTINATION_NOT_EMPTY
    }

    private final Reason reason;
    private final String archive;
    private final String entry;

    public UnzipException(Reason reason, String archive, String entry, String problem, Throwable cause) {
        super(archive + ": " + (entry == null ? "" : "entry " + entry + " ") + problem, cause);
        this.reason = reason;
        this.archive = archive;
        this.entry = entry;
    }

    public Reason reason() {
        return reason;
    }

    /** The archive as the caller named it. */
    public String archive() {
        return archive;
    }

    /** The entry's name as stored in the archive, or null. */
    public String entry() {
        return entry;
    }
}
