package dev.nativepack.cli;

import picocli.CommandLine.Option;

/** The colour options every command shares: colour only on a terminal and never with NO_COLOR by default. */
final class ColourOptions {
    enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "auto means on a terminal and NO_COLOR unset).")
    When when = When.auto;

    @Option(names = "--no-color", description = "Never colour the output (same as --color=never).")
    boolean noColor;

    /** An explicit --color=always wins over NO_COLOR, as no-color.org asks of per-run flags. */
    boolean enabled(RunEnvironment environment) {
        if (noColor || when == When.never) {
            return false;
        }
        if (when == When.always) {
            return true;
        }
        return environment.terminal() && !environment.noColorRequested();
    }
}
