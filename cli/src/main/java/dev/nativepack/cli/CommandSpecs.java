package dev.nativepack.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the picocli model every command shares: name, texts, -h/--help, -V/--version and the
 * exit-code list at the end of the footer. The model is built in code rather than read from
 * annotations: on JDK 17 each annotation type read costs a dynamic proxy class, which the
 * class-data-sharing archive cannot hold, and that reading was most of the start-up time.
 */
final class CommandSpecs {
    private static final VersionProvider VERSION = new VersionProvider();
    private static final String[] EXIT_CODES = {ExitCodes.HEADING, ExitCodes.LINE_OK, ExitCodes.LINE_NOT_FOUND,
        ExitCodes.LINE_USAGE, ExitCodes.LINE_BAD_INPUT, ExitCodes.LINE_INTERNAL};

    private CommandSpecs() {
    }

    /**
     * A command that picocli runs by calling {@code command} once its options are parsed;
     * {@code footer} gets the exit codes appended. Texts are picocli format strings (%n is a line break).
     */
    static CommandSpec create(String name, Callable<Integer> command, String header, String description,
            String... footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name).versionProvider(VERSION);
        if (header != null) {
            spec.usageMessage().header(header);
        }
        String[] fullFooter = Arrays.copyOf(footer, footer.length + EXIT_CODES.length);
        System.arraycopy(EXIT_CODES, 0, fullFooter, footer.length, EXIT_CODES.length);
        spec.usageMessage().description(description).footer(fullFooter);
        // The same names and texts as picocli's standard help options, without their annotated mixin.
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }
}
