package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} builds the bundled example with gcc and resolves it: libgreet through $ORIGIN/lib. */
class DemoCommandTest {
    private static final Path EXAMPLE = Path.of("../examples/hello-native").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void testDemo_buildsTheExampleAndFindsItsLibraryThroughRpath() throws IOException {
        copyExample();
        CliRun run = CliRun.in(new RunEnvironment(Map.of(), false, home), "demo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path library = home.resolve("target/demo/lib/libgreet.so.1");
        assertThat(library).isRegularFile();
        assertThat(ReadelfOracle.dynamic(library, "SONAME")).containsExactly("libgreet.so.1");
        assertThat(ReadelfOracle.dynamic(home.resolve("target/demo/hello"), "RPATH")).containsExactly("$ORIGIN/lib");
        assertThat(run.out()).contains("libgreet.so.1 => " + library + " [rpath of the main program]")
                .contains("What this showed:")
                .contains("$ nativepack audit target/demo/hello --target provided.al2023")
                .contains("symbol __libc_start_main@GLIBC_2.34")
                .contains("PASS bootstrap on aws-lambda/provided.al2023/x86_64");
        assertThat(home.resolve("target/demo/function.zip")).isRegularFile();
    }

    @Test
    void testDemo_missingSourcesGiveOneLine() {
        CliRun run = CliRun.in(new RunEnvironment(Map.of(), false, home), "demo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("nativepack: demo: ");
    }

    private void copyExample() throws IOException {
        Path target = Files.createDirectories(home.resolve("examples/hello-native"));
        try (Stream<Path> files = Files.list(EXAMPLE)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }
}
