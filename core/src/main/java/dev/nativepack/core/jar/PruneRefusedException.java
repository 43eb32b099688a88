package dev.nativepack.core.jar;

/**
 * Pruning was refused and nothing was written: the jar is signed and would lose entries, which
 * was not allowed. The message names the jar and what to do.
 */
public final class PruneRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PruneRefusedException(String message) {
        super(message);
    }
}
