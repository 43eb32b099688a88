package dev.nativepack.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a run depends on outside its arguments: environment variables, whether stdout is a
 * terminal, and the repository root (for the demo). Tests pass their own.
 */
record RunEnvironment(Map<String, String> variables, boolean terminal, Path home) {

    static RunEnvironment system() {
        String home = System.getProperty("nativepack.home");
        return new RunEnvironment(System.getenv(), System.console() != null,
                Path.of(home != null ? home : "").toAbsolutePath());
    }

    /** NO_COLOR counts when present and not empty (no-color.org). */
    boolean noColorRequested() {
        String value = variables.get("NO_COLOR");
        return value != null && !value.isEmpty();
    }
}
