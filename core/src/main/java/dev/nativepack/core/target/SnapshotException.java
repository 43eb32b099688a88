package dev.nativepack.core.target;

/** A root that cannot be captured as a target (missing, or without a C library); the message names the root. */
public final class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
