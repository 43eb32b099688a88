package dev.nativepack.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles examples/hello-native with gcc: {@code lib/libgreet.so.1} with a SONAME, and
 * {@code hello} linked against it and libm with a DT_RPATH of {@code $ORIGIN/lib}.
 */
final class DemoBuild {
    /** Why the demo could not be built, in one line for the user. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private DemoBuild() {
    }

    /** Builds into {@code output} and returns the program's path. */
    static Path build(Path sources, Path output) throws Failure, IOException {
        if (!Files.isRegularFile(sources.resolve("hello.c"))) {
            throw new Failure("the example sources are missing: " + sources
                    + " (run the demo through ./nativepack at the repository root)");
        }
        Path library = output.resolve("lib/libgreet.so.1");
        Path program = output.resolve("hello");
        Files.createDirectories(library.getParent());
        gcc(output, "-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", library.toString(),
                sources.resolve("greet.c").toString());
        // --disable-new-dtags writes DT_RPATH rather than DT_RUNPATH; "$ORIGIN" reaches ld literally (no shell).
        gcc(output, "-o", program.toString(), sources.resolve("hello.c").toString(), "-I" + sources,
                "-L" + library.getParent(), "-l:libgreet.so.1", "-lm",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/lib");
        return program;
    }

    private static void gcc(Path directory, String... args) throws Failure, IOException {
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new Failure("gcc is not installed or not on PATH; install it (e.g. apt-get install gcc) and retry");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Failure("gcc did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting for gcc");
        }
        if (process.exitValue() != 0) {
            throw new Failure("gcc failed (" + String.join(" ", command) + "): " + output.strip().replace('\n', ' '));
        }
    }
}
