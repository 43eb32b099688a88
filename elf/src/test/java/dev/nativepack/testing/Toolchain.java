package dev.nativepack.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles test fixtures with real compilers and runs real tools as oracles. A missing tool fails
 * the test with the package to install: CI installs every tool, so nothing is silently skipped.
 */
public final class Toolchain {
    /** The native compiler (x86_64 on the CI machine). */
    public static final Toolchain NATIVE = new Toolchain("gcc", null);
    /** The aarch64 cross compiler; its sysroot holds the aarch64 glibc. */
    public static final Toolchain AARCH64 = new Toolchain("aarch64-linux-gnu-gcc", Path.of("/usr/aarch64-linux-gnu"));
    /** ELF32 little-endian (armhf), from gcc-arm-linux-gnueabihf. */
    public static final Toolchain ARMHF = new Toolchain("arm-linux-gnueabihf-gcc", Path.of("/usr/arm-linux-gnueabihf"));
    /** ELF32 big-endian (32-bit PowerPC), from gcc-powerpc-linux-gnu. */
    public static final Toolchain PPC = new Toolchain("powerpc-linux-gnu-gcc", Path.of("/usr/powerpc-linux-gnu"));
    /** ELF64 big-endian (s390x), from gcc-s390x-linux-gnu. */
    public static final Toolchain S390X = new Toolchain("s390x-linux-gnu-gcc", Path.of("/usr/s390x-linux-gnu"));

    private final String compiler;
    private final Path sysroot;

    private Toolchain(String compiler, Path sysroot) {
        this.compiler = compiler;
        this.sysroot = sysroot;
    }

    public Path sysroot() {
        return sysroot;
    }

    /** Compiles one C source (given as text) with the extra arguments and returns the output file. */
    public Path compile(Path out, String source, String... args) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path src = dir.resolve(out.getFileName() + ".c");
        Files.writeString(src, source);
        List<String> cmd = new ArrayList<>(List.of(compiler, "-o", out.toString(), src.toString()));
        cmd.addAll(Arrays.asList(args));
        run(dir, Map.of(), cmd.toArray(String[]::new));
        return out;
    }

    /** A shared library exporting {@code int name(void)} returning {@code value}, calling the given functions. */
    public Path sharedLibrary(Path out, String function, int value, String... args) throws IOException {
        String source = "int " + function + "(void) { return " + value + "; }\n";
        List<String> all = new ArrayList<>(List.of("-shared", "-fPIC"));
        all.addAll(Arrays.asList(args));
        return compile(out, source, all.toArray(String[]::new));
    }

    /** Runs a command, failing with its output when it exits non-zero. */
    public static String run(Path dir, Map<String, String> env, String... cmd) throws IOException {
        Result r = exec(dir, env, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a command and returns its exit code and combined output. */
    public static Result exec(Path dir, Map<String, String> env, String... cmd) throws IOException {
        requireTool(cmd[0]);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Fails (never skips) when a tool is missing, naming the Debian package that CI installs. */
    public static void requireTool(String tool) {
        if (tool.contains("/")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new AssertionError("missing tool " + tool + " (.ci/run installs it)");
            }
            return;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new AssertionError("missing tool '" + tool + "' on PATH (.ci/run installs it with apt-get)");
    }
}
