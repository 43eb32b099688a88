package dev.nativepack.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The colour options every command shares: colour only on a terminal and never with NO_COLOR by default. */
final class ColourOptions {
    enum When { auto, always, never }

    private final OptionSpec when = OptionSpec.builder("--color").paramLabel("WHEN").type(When.class)
            .defaultValue("auto")
            .description("Colour the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "auto means on a terminal and NO_COLOR unset).")
            .build();
    private final OptionSpec noColor = OptionSpec.builder("--no-color").type(boolean.class)
            .description("Never colour the output (same as --color=never).").build();

    /** Adds both options to {@code spec}. */
    ColourOptions(CommandSpec spec) {
        spec.addOption(when).addOption(noColor);
    }

    /** An explicit --color=always wins over NO_COLOR, as no-color.org asks of per-run flags. */
    boolean enabled(ParseResult parsed, RunEnvironment environment) {
        // picocli sets an option that is not given to its default value, so this is never null.
        When chosen = when.getValue();
        if (parsed.hasMatchedOption(noColor) || chosen == When.never) {
            return false;
        }
        if (chosen == When.always) {
            return true;
        }
        return environment.terminal() && !environment.noColorRequested();
    }
}
