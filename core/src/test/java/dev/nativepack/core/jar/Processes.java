package dev.nativepack.core.jar;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the oracles (file, readelf, unzip, jarsigner) and child JVMs, with a timeout, output to files. */
final class Processes {
    record Result(int exitCode, String stdout, String stderr) {
        String both() {
            return stdout + stderr;
        }
    }

    private Processes() {
    }

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Toolchain.requireTool(cmd.get(0));
        Path out = Files.createTempFile("np-out", ".txt");
        Path err = Files.createTempFile("np-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(String... cmd) throws IOException, InterruptedException {
        return run(List.of(cmd));
    }

    /**
     * A fresh JVM running {@code probe} (a class of the probe package, copied alone into a
     * directory) with only {@code jars} besides it on the class path.
     */
    static Result java(Path scratch, Class<?> probe, List<Path> jars, String... jvmArgs)
            throws IOException, InterruptedException {
        Path classes = Files.createTempDirectory(scratch, "probe");
        String resource = probe.getName().replace('.', '/') + ".class";
        Path copy = classes.resolve(resource);
        Files.createDirectories(copy.getParent());
        try (var in = probe.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, copy);
        }
        List<String> cp = new ArrayList<>();
        cp.add(classes.toString());
        jars.forEach(j -> cp.add(j.toString()));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", String.join(":", cp), probe.getName()));
        return run(cmd);
    }
}
