package dev.nativepack.core.audit;

import java.util.Locale;

/** How bad a finding is; ordered from worst to mildest. The names are SARIF's levels. */
public enum Severity {
    /** The function will fail on the target. */
    ERROR,
    /** It may fail, or works by luck, or wastes what the target limits. */
    WARNING,
    /** Worth knowing; nothing fails. */
    NOTE;

    /** The lower-case name used on the command line and in JSON and SARIF. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this is as bad as {@code threshold} or worse. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /**
     * A failure threshold as users write it: a severity, or {@code none} (null: nothing fails).
     *
     * @throws IllegalArgumentException naming the word and what is expected
     */
    public static Severity parseThreshold(String text) {
        if ("none".equalsIgnoreCase(text)) {
            return null;
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity \"" + text + "\" (expected error, warning, note or none)");
        }
    }

    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.label().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity \"" + text + "\" (expected error, warning or note)");
    }
}
