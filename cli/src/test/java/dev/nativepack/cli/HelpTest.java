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

    @Test
    void testVersion_namesTheProjectVersion() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("nativepack \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
