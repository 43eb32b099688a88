package dev.nativepack.core.runtimedata;

/** A runtime-data table that is not valid JSON or has a field that makes no sense; the message names both. */
public final class RuntimeDataTableException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuntimeDataTableException(String message) {
        super(message);
    }

    public RuntimeDataTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
