package dev.nativepack.core.verify;

/** The sandbox cannot be set up: bubblewrap missing or refused, an unreadable baseline root. */
public final class SandboxException extends Exception {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }
}
