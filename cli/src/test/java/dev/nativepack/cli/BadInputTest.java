package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives exit code 3 and one line on stderr naming the file; usage errors give 2. */
class BadInputTest {
    @TempDir
    static Path dir;
    static CliFixtures fixtures;

    @BeforeAll
    static void compile() throws IOException {
        fixtures = CliFixtures.compile(dir);
    }

    @Test
    void testUnknownOption_exitsWithUsageCode() {
        CliRun run = CliRun.of("inspect", "--no-such-option", fixtures.program.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option");
    }

    @Test
    void testUnknownCommand_exitsWithUsageCode() {
        assertThat(CliRun.of("no-such-command").exitCode()).isEqualTo(2);
        assertThat(CliRun.of().exitCode()).isEqualTo(2);
    }

    @Test
    void testNoFileGiven_isAUsageError() {
        for (String command : new String[] {"inspect", "tree"}) {
            CliRun run = CliRun.of(command);

            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).startsWith("Missing required parameter: 'FILE'\n").contains("Usage:");
        }
    }

    @Test
    void testBadColourValue_isAUsageError() {
        CliRun run = CliRun.of("tree", "--color=sometimes", fixtures.program.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--color").contains("sometimes").contains("auto, always, never");
    }

    @Test
    void testMissingFile_oneLineNamingTheFile() {
        Path missing = dir.resolve("does-not-exist");
        CliRun run = CliRun.of("inspect", missing.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineNaming(run, missing, "no such file");
    }

    @Test
    void testNotElf_oneLineNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "This is a text file, long enough to be read.\n");
        CliRun run = CliRun.of("inspect", text.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineNaming(run, text, "not an ELF file");
    }

    @Test
    void testTruncatedInProgramHeaders_oneLineNamingTheFile() throws IOException {
        Path truncated = truncatedCopy(100);
        CliRun run = CliRun.of("inspect", truncated.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineNaming(run, truncated, "");
    }

    @Test
    void testTruncatedAfterHeaders_oneLineNamingTheFile() throws IOException {
        // Headers intact, the dynamic section and notes cut off: the problem surfaces while reading lazily.
        Path truncated = truncatedCopy(1024);
        CliRun run = CliRun.of("inspect", truncated.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineNaming(run, truncated, "");
    }

    @Test
    void testDirectory_isBadInput() {
        CliRun run = CliRun.of("inspect", dir.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineNaming(run, dir, "");
    }

    @Test
    void testBadFileAmongGoodOnes_goodOnesStillShown() {
        Path missing = dir.resolve("missing.so");
        CliRun run = CliRun.of("inspect", fixtures.program.toString(), missing.toString(), fixtures.library.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains(fixtures.program + "\n").contains(fixtures.library + "\n");
        assertOneLineNaming(run, missing, "no such file");
    }

    @Test
    void testTreeOnMissingFile_isBadInput() {
        Path missing = dir.resolve("absent-program");
        CliRun run = CliRun.of("tree", missing.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertOneLineNaming(run, missing, "no such file");
    }

    private static Path truncatedCopy(int length) throws IOException {
        byte[] bytes = Files.readAllBytes(fixtures.program);
        return Files.write(dir.resolve("truncated-" + length), Arrays.copyOf(bytes, length));
    }

    private static void assertOneLineNaming(CliRun run, Path file, String problem) {
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("nativepack: " + file + ": ").contains(problem)
                .doesNotContain("Exception").doesNotContain("at dev.");
    }
}
