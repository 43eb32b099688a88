package dev.nativepack.core.jar;

/**
 * An input that cannot be scanned or pruned: missing, not a jar, truncated or damaged, or with
 * a hostile entry name. The message is one line, {@code FILE: PROBLEM}, where FILE names the jar
 * as the user gave it and, inside it, the nested jar ({@code app.jar!/BOOT-INF/lib/x.jar}).
 */
public final class JarInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public JarInputException(String message) {
        super(message);
    }

    public JarInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
