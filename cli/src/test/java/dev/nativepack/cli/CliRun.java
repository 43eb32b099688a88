package dev.nativepack.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of {@link Main}: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    /** Runs as from a pipe (not a terminal) with an empty environment. */
    static CliRun of(String... args) {
        return in(new RunEnvironment(Map.of(), false, Path.of("").toAbsolutePath()), args);
    }

    static CliRun in(RunEnvironment environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
