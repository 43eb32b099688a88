package dev.nativepack.core.target;

import java.util.List;

/** A target name that matches no target, or more than one; the message is one line and names the closest ids. */
public final class UnknownTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String spec;
    private final List<String> closest;

    UnknownTargetException(String spec, String message, List<String> closest) {
        super(message);
        this.spec = spec;
        this.closest = List.copyOf(closest);
    }

    /** The name as the user gave it. */
    public String spec() {
        return spec;
    }

    /** The ids the user most likely meant, best first (may be empty). */
    public List<String> closest() {
        return closest;
    }
}
