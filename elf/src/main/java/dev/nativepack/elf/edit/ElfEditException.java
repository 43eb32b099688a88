package dev.nativepack.elf.edit;

/**
 * An edit that was refused or could not be completed. It names the file and the reason; the
 * original bytes are never modified, and no partial output is returned.
 */
public final class ElfEditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the edit failed. */
    public enum Reason {
        /** No PT_DYNAMIC: a static executable, an object file or a core dump; nothing to edit. */
        NOT_DYNAMIC,
        /** The file, its headers or its dynamic section are damaged (unreadable, out of bounds, inconsistent). */
        DAMAGED,
        /** A well-formed file this editor does not handle (e.g. a relocatable object, a static-PIE program). */
        UNSUPPORTED,
        /** The edit refers to something the file does not have (e.g. replacing a DT_NEEDED it lacks). */
        NOT_FOUND,
        /** The edit needs a higher tier than the caller allowed, or there is no room anywhere for it. */
        NO_ROOM,
        /** The edited file, read back, does not say what was asked: a bug, reported instead of bad output. */
        VERIFICATION_FAILED,
        /** The editor itself failed on this file: a bug, reported instead of output. */
        INTERNAL
    }

    private final String file;
    private final Reason reason;
    private final String detail;

    public ElfEditException(String file, Reason reason, String detail) {
        this(file, reason, detail, null);
    }

    public ElfEditException(String file, Reason reason, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
        this.reason = reason;
        this.detail = detail;
    }

    /** The name the file was given to {@link ElfEditor#of(byte[], String)}. */
    public String file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }

    /** The problem, without the file name. */
    public String detail() {
        return detail;
    }
}
