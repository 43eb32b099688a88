package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every command has --help with an example and the exit codes; --version names the version. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "inspect", "tree", "demo"})
    void testHelp_listsExamplesAndExitCodes(String command) {
        CliRun run = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: nativepack").contains("Examples:").contains("Exit codes:")
                .containsPattern("\\n  0  ok").containsPattern("\\n  1  ").containsPattern("\\n  2  usage")
                .containsPattern("\\n  3  bad input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect", "tree", "audit", "demo"})
    void testShortOptions_helpAndVersionOnEveryCommand(String command) {
        CliRun help = CliRun.of(command, "-h");
        CliRun version = CliRun.of(command, "-V");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith(firstHeaderLine(command))
                .contains("Usage: nativepack " + command + " [-hV]").contains("  -h, --help ")
                .contains("  -V, --version ").contains("--color=WHEN").contains("--no-color");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out().strip()).matches("nativepack \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    private static String firstHeaderLine(String command) {
        return switch (command) {
            case "inspect" -> "Show what ELF files say about themselves.\n";
            case "tree" -> "Show the libraries a program loads, resolved as ld.so would.\n";
            case "audit" -> "Check programs, directories or deployment zips against a target runtime.\n";
            default -> "Compile, audit, bundle and verify the bundled example.\n";
        };
    }

    @Test
    void testVersion_namesTheProjectVersion() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("nativepack \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
