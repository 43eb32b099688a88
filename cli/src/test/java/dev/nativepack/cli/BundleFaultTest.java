package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle} from the command line when the output cannot be written: a read-only or
 * unwritable directory, a full file system, a process killed while writing. Each ends with a
 * documented exit code and one line on stderr naming the output, and leaves no partial zip.
 * (The archive writer's own behaviour is tested in core's ArchiveWriterFaultsTest; these run the
 * whole command.)
 */
class BundleFaultTest {
    private static final String TARGET = "provided.al2023";

    @TempDir
    static Path dir;
    static Path program;

    @BeforeAll
    static void compile() throws IOException {
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libgreet.so.1"), "greet", 3,
                "-Wl,-soname,libgreet.so.1");
        program = Toolchain.NATIVE.compile(dir.resolve("build/app"), "int greet(void); int main(void) { return greet(); }\n",
                lib.toString(), "-Wl,-rpath,$ORIGIN");
    }

    private static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertOneLine(CliRun run, String line) {
        assertThat(run.err()).isEqualTo(line + "\n");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anOutputInAReadOnlyDirectoryIsBadInputAndNothingIsLeft() throws Exception {
        Path out = Files.createDirectories(dir.resolve("read-only"));
        Path zip = out.resolve("function.zip");
        // Permissions do not stop root (as the tests run in CI); a read-only mount does.
        boolean root = root();
        if (root) {
            Mounts.tmpfs(out, "ro,size=1m");
        } else {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            CliRun run = CliRun.of("bundle", program.toString(), "--target", TARGET, "-o", zip.toString());

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertOneLine(run, "nativepack bundle: " + zip + ": cannot write in " + out + " ("
                    + (root ? "Read-only file system" : "permission denied") + "); nothing was left behind");
            assertThat(run.out()).isEmpty();
            assertThat(names(out)).isEmpty();
        } finally {
            if (root) {
                Mounts.unmount(out);
            } else {
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    void anOutputBelowARegularFileIsBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a directory\n");
        Path zip = file.resolve("function.zip");

        CliRun run = CliRun.of("bundle", program.toString(), "--target", TARGET, "-o", zip.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneLine(run, "nativepack bundle: " + zip + ": the directory " + file + " is not a directory");
        assertThat(Files.readString(file)).isEqualTo("not a directory\n");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFullFileSystemLeavesThePreviousBundleUntouchedAndNoTemporaryFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("small"));
        Mounts.tmpfs(out, "size=1m");
        try {
            Path zip = out.resolve("function.zip");
            CliRun first = CliRun.of("bundle", program.toString(), "--target", TARGET, "-o", zip.toString());
            assertThat(first.exitCode()).as(first.err()).isZero();
            String before = sha256(zip);
            // 3 MiB of random bytes do not compress: they cannot fit in 1 MiB.
            byte[] noise = new byte[3 << 20];
            new Random(7).nextBytes(noise);
            Path data = Files.write(dir.resolve("noise.bin"), noise);

            CliRun run = CliRun.of("bundle", program.toString(), "--target", TARGET, "--include",
                    data + ":share/noise.bin", "-o", zip.toString());

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertOneLine(run, "nativepack bundle: " + zip
                    + ": the file system is full (No space left on device); nothing was left behind");
            assertThat(run.out()).isEmpty();
            assertThat(names(out)).containsExactly("function.zip");
            assertThat(sha256(zip)).isEqualTo(before);
        } finally {
            Mounts.unmount(out);
        }
    }

    /**
     * SIGKILL cannot be caught, so the temporary file being written stays where it is; what must
     * hold is that no (partial) zip appears under the output's name, the leftover is recognisably
     * that process's, and the next bundle to the same output removes it.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aBundleKilledWhileWritingLeavesNoOutputAndTheNextRunRemovesItsTemporaryFile() throws Exception {
        Toolchain.requireTool("/usr/bin/gdalinfo");
        Path out = Files.createDirectories(dir.resolve("killed"));
        Path zip = out.resolve("gdal.zip");
        Path log = dir.resolve("killed.log");
        // The command line in a JVM of its own (as ./nativepack runs it for bundle, without the
        // launcher's rebuild check), so that it can be killed. Without the cache every entry is
        // compressed while the zip is written: seconds in which to kill it, not milliseconds.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "bundle", "/usr/bin/gdalinfo", "--target", "azure/debian12", "--layout", "helper", "--no-cache",
                "-o", zip.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String temporaryName = "\\.gdal\\.zip\\.nativepack-" + child.pid() + "-[0-9a-f]{8}\\.tmp";
            Path temporary = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (temporary == null && child.isAlive() && System.nanoTime() < deadline) {
                try (Stream<Path> s = Files.list(out)) {
                    temporary = s.filter(p -> p.getFileName().toString().matches(temporaryName))
                            .filter(p -> p.toFile().length() > (1 << 20)).findFirst().orElse(null);
                }
                Thread.sleep(5);
            }
            assertThat(temporary).as("the bundle's temporary file, being written (log: %s)", Files.readString(log))
                    .isNotNull();
            assertThat(child.isAlive()).as("still writing when killed").isTrue();
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(128 + 9);

            assertThat(zip).doesNotExist();
            assertThat(names(out)).containsExactly(temporary.getFileName().toString());
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        CliRun next = CliRun.of("bundle", program.toString(), "--target", TARGET, "-o", zip.toString());

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(names(out)).containsExactly("gdal.zip");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Small tmpfs mounts for a test (needs root or CAP_SYS_ADMIN, as in CI), as core's archive tests do. */
    static final class Mounts {
        private Mounts() {
        }

        static void tmpfs(Path at, String options) throws Exception {
            Toolchain.Result r = Toolchain.exec(null, Map.of(), "mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString());
            if (r.exitCode() != 0) {
                fail("this test mounts a small tmpfs (mount -t tmpfs -o " + options + " tmpfs " + at + ") and needs root"
                        + " or CAP_SYS_ADMIN to do so; mount said: " + r.output().strip());
            }
        }

        static void unmount(Path at) throws Exception {
            Toolchain.Result r = Toolchain.exec(null, Map.of(), "umount", at.toString());
            assertThat(r.exitCode()).as("umount %s: %s", at, r.output()).isZero();
        }
    }
}
