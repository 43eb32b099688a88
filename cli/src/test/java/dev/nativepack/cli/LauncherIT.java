package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./nativepack} launcher as a process, after the jar is packaged (failsafe,
 * integration-test phase), from another directory and through a symbolic link.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("nativepack.launcher", "../nativepack"))
            .toAbsolutePath().normalize();
    private static final String EXPECTED_VERSION = System.getProperty("nativepack.expectedVersion");

    @TempDir
    Path elsewhere;

    @Test
    void testLauncher_printsVersionFromAnyDirectory() throws IOException {
        Toolchain.Result result = Toolchain.exec(elsewhere, Map.of(), LAUNCHER.toString(), "--version");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).endsWith("nativepack " + EXPECTED_VERSION + "\n");
    }

    @Test
    void testLauncher_worksThroughASymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(elsewhere.resolve("nativepack"), LAUNCHER);
        Toolchain.Result result = Toolchain.exec(elsewhere, Map.of(), link.toString(), "--version");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).endsWith("nativepack " + EXPECTED_VERSION + "\n");
    }
}
