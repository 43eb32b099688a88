package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetJson;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot} on a small root holding this machine's libc: the file it writes is a target
 * TargetJson reads back, it replaces an old file whole or leaves it alone, and a bad root gives
 * exit code 3 with one line naming it.
 */
class SnapshotCommandTest {
    private static final Path HOST_LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @TempDir
    Path dir;
    Path root;
    Path out;

    @BeforeEach
    void makeRoot() throws IOException {
        root = dir.resolve("root");
        Path lib = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.copy(HOST_LIBC, lib.resolve("libc.so.6"));
        Toolchain.NATIVE.compile(lib.resolve("libextra.so.1"), "int extra(void) { return 1; }\n", "-shared", "-fPIC",
                "-Wl,-soname,libextra.so.1");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        out = Files.createDirectories(dir.resolve("out")).resolve("target.json");
    }

    private static Target read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return TargetJson.read(in, file.toString());
        }
    }

    private static String hostGlibcVersion() throws IOException {
        String first = Toolchain.run(null, Map.of("LC_ALL", "C"), "ldd", "--version").lines().findFirst().orElseThrow();
        return first.substring(first.lastIndexOf(' ') + 1);
    }

    private List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void testSnapshot_writesATargetThatTargetJsonReads() throws Exception {
        CliRun run = CliRun.of("snapshot", "--root", root.toString(), "--name", "test/small", "-o", out.toString(),
                "--layer-root", "/opt", "--ld-library-path", "/var/task/lib", "--task-root", "/srv/task");
        String glibc = hostGlibcVersion();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("wrote " + out + ": 2 libraries, glibc " + glibc + ", x86_64\n");
        Target target = read(out);
        assertThat(target.id()).isEqualTo("test/small");
        assertThat(target.libc()).isEqualTo(new Target.Libc("glibc", glibc));
        assertThat(target.layout()).isEqualTo(new Target.Layout("/srv/task", "/opt",
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        assertThat(target.loader().ldLibraryPath()).isEqualTo("/var/task/lib");
        assertThat(target.loader().directoryAliases()).containsEntry("/lib", "/usr/lib");
        assertThat(target.libraries()).extracting(l -> l.path())
                .containsExactly("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libextra.so.1");
        // Only the file itself: the temporary file was renamed, not copied.
        assertThat(filesIn(out.getParent())).containsExactly("target.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
    }

    @Test
    void testSnapshot_replacesAnOldFileWhole() throws Exception {
        Files.writeString(out, "{ \"an old, much longer file\": \"" + "x".repeat(100_000) + "\" }");

        CliRun run = CliRun.of("snapshot", "--root", root.toString(), "--name", "test/new", "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(read(out).id()).isEqualTo("test/new");
        assertThat(filesIn(out.getParent())).containsExactly("target.json");
    }

    @Test
    void testSnapshot_missingRootIsBadInputOnOneLineAndLeavesTheOldFile() throws IOException {
        Files.writeString(out, "old");
        Path missing = dir.resolve("no-such-root");

        CliRun run = CliRun.of("snapshot", "--root", missing.toString(), "--name", "x", "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("nativepack: " + missing + ": no such directory\n");
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(filesIn(out.getParent())).containsExactly("target.json");
    }

    @Test
    void testSnapshot_rootWithoutLibcIsBadInputOnOneLine() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/usr/lib"));

        CliRun run = CliRun.of("snapshot", "--root", empty.getParent().getParent().toString(), "--name", "x",
                "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("nativepack: " + dir.resolve("empty") + ": no C library found (")
                .endsWith(")\n").hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void testSnapshot_outputDirectoryMissingIsBadInputNamingTheFile() {
        Path nowhere = dir.resolve("missing-dir/target.json");

        CliRun run = CliRun.of("snapshot", "--root", root.toString(), "--name", "x", "-o", nowhere.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("nativepack: " + nowhere + ": ").hasLineCount(1);
        assertThat(nowhere.getParent()).doesNotExist();
    }

    @Test
    void testSnapshot_nameAndOutputAreRequired() {
        CliRun run = CliRun.of("snapshot", "--root", root.toString(), "-o", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--name");
    }

    @Test
    void testSnapshotHelp_listsExamplesAndExitCodes() {
        CliRun run = CliRun.of("snapshot", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Capture a target from a root file system.\n")
                .contains("Usage: nativepack snapshot").contains("Examples:").contains("nativepack snapshot --root")
                .contains("Exit codes:").containsPattern("\\n  3  bad input");
        assertThat(CliRun.of("--help").out()).contains("snapshot");
    }
}
