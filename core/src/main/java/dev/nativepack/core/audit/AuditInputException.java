package dev.nativepack.core.audit;

/** An input that cannot be audited: missing, unreadable, not ELF, a damaged archive. The message names it. */
public final class AuditInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditInputException(String message) {
        super(message);
    }

    public AuditInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
