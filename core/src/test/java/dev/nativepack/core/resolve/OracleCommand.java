package dev.nativepack.core.resolve;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one oracle process (the real loader, readelf) with a hard timeout. Output goes to files
 * rather than pipes so that a hanging process can be killed without blocking on a read, and
 * every LD_* variable is removed so that the loader sees the plain system configuration.
 */
final class OracleCommand {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private OracleCommand() {
    }

    static Result run(Path scratch, long timeoutSeconds, Map<String, String> extraEnv, String... cmd)
            throws IOException {
        Toolchain.requireTool(cmd[0]);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("LD_"));
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new AssertionError(String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            // Decoded leniently: a name that is not valid UTF-8 must show up as a mismatch, not an exception.
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
