package dev.nativepack.core.target;

/** A target file that is not valid JSON or lacks a field a target needs; the message names both. */
public final class TargetFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public TargetFormatException(String message) {
        super(message);
    }

    public TargetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
