package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour only on a terminal, never with NO_COLOR or --no-color. */
class ColourTest {
    private static final String ESCAPE = "\u001b[";
    private static final Path HOME = Path.of("").toAbsolutePath();

    @TempDir
    static Path dir;
    static CliFixtures fixtures;

    @BeforeAll
    static void compile() throws IOException {
        fixtures = CliFixtures.compile(dir);
    }

    @Test
    void testTerminal_isColoured() {
        // Proves the checks below can fail: on a terminal without NO_COLOR the output has escapes.
        assertThat(inspect(new RunEnvironment(Map.of(), true, HOME)).out()).contains(ESCAPE);
    }

    @Test
    void testNoColorVariable_noEscapes() {
        assertThat(inspect(new RunEnvironment(Map.of("NO_COLOR", "1"), true, HOME)).out()).doesNotContain(ESCAPE);
    }

    @Test
    void testEmptyNoColorVariable_isIgnored() {
        assertThat(inspect(new RunEnvironment(Map.of("NO_COLOR", ""), true, HOME)).out()).contains(ESCAPE);
    }

    @Test
    void testNoColorOption_noEscapes() {
        assertThat(inspect(new RunEnvironment(Map.of(), true, HOME), "--no-color").out()).doesNotContain(ESCAPE);
    }

    @Test
    void testPipe_noEscapes() {
        assertThat(inspect(new RunEnvironment(Map.of(), false, HOME)).out()).doesNotContain(ESCAPE);
    }

    @Test
    void testHelpWithNoColor_noEscapes() {
        CliRun run = CliRun.in(new RunEnvironment(Map.of("NO_COLOR", "1"), true, HOME), "inspect", "--help");
        assertThat(run.out()).contains("Usage:").doesNotContain(ESCAPE);
    }

    private static CliRun inspect(RunEnvironment environment, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "inspect";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = fixtures.program.toString();
        CliRun run = CliRun.in(environment, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }
}
