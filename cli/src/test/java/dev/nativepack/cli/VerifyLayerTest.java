package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --layer}: layer zips (as {@code bundle --layout layer} writes them) and
 * directories at /opt, several merged in order as Lambda does, all on real programs.
 */
class VerifyLayerTest {
    private static final String TARGET = "provided.al2023";
    private static final String TARGET_ID = "aws-lambda/provided.al2023/x86_64";

    @TempDir
    static Path dir;
    /** bin/tool and lib/libgreet.so.1 (greet() returns 5), bundled with --layout layer. */
    static Path layerZip;
    /** A function whose bootstrap execs /opt/bin/tool with its own arguments. */
    static Path functionZip;

    @BeforeAll
    static void build() throws IOException {
        Toolchain.requireTool("bwrap");
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libgreet.so.1"), "greet", 5,
                "-Wl,-soname,libgreet.so.1");
        Path tool = Toolchain.NATIVE.compile(dir.resolve("build/tool"), String.join("\n",
                "#include <stdio.h>",
                "int greet(void);",
                "int main(int argc, char **argv) {",
                "    printf(\"tool: greet=%d first=%s\\n\", greet(), argc > 1 ? argv[1] : \"-\");",
                "    return greet() == 5 ? 0 : 10 + greet();",
                "}", ""), lib.toString(), "-Wl,-rpath,$ORIGIN");
        layerZip = dir.resolve("layer.zip");
        CliRun layer = CliRun.of("bundle", tool.toString(), "--target", TARGET, "--layout", "layer",
                "-o", layerZip.toString());
        assertThat(layer.exitCode()).as(layer.err()).isZero();

        Path bootstrap = Toolchain.NATIVE.compile(dir.resolve("build/bootstrap"), String.join("\n",
                "#include <stdio.h>",
                "#include <unistd.h>",
                "int main(int argc, char **argv) {",
                "    argv[0] = \"/opt/bin/tool\";",
                "    execv(\"/opt/bin/tool\", argv);",
                "    perror(\"bootstrap: cannot run /opt/bin/tool\");",
                "    return 127;",
                "}", ""));
        functionZip = dir.resolve("function.zip");
        CliRun function = CliRun.of("bundle", bootstrap.toString(), "--target", TARGET, "-o", functionZip.toString());
        assertThat(function.exitCode()).as(function.err()).isZero();
    }

    @Test
    void aFunctionRunsTheToolOfItsLayerZipAtOpt() {
        CliRun run = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--layer", layerZip.toString(),
                "--", "hello");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tool: greet=5 first=hello\n")
                .contains("PASS bootstrap hello on " + TARGET_ID + ": the loader was satisfied and it exited with 0");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void withoutTheLayerTheFunctionFailsSayingWhatIsMissing() {
        CliRun run = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--", "hello");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.out()).contains("bootstrap: cannot run /opt/bin/tool: No such file or directory\n")
                .contains("FAIL bootstrap hello on " + TARGET_ID + ": exit code 127: the program could not be started")
                .doesNotContain("PASS");
    }

    @Test
    void aLibraryFromALayerIsFoundThroughTheRuntimesLibraryPath() throws Exception {
        // The function's own program needs libgreet.so.1 and has no RPATH: only /opt/lib, which is on
        // Lambda's LD_LIBRARY_PATH, can supply it.
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("plain/libgreet.so.1"), "greet", 5,
                "-Wl,-soname,libgreet.so.1");
        Path fn = dir.resolve("plain/function");
        Toolchain.NATIVE.compile(fn.resolve("bootstrap"), "int greet(void); int main(void) { return greet() - 5; }\n",
                lib.toString());
        Path libs = zip(dir.resolve("plain/libs.zip"), Map.of("lib/libgreet.so.1", Files.readAllBytes(lib)));

        CliRun with = CliRun.of("verify", fn.toString(), "--target", TARGET, "--layer", libs.toString());
        CliRun without = CliRun.of("verify", fn.toString(), "--target", TARGET);

        assertThat(with.exitCode()).as(with.out() + with.err()).isZero();
        assertThat(with.out()).contains("PASS bootstrap on " + TARGET_ID);
        assertThat(without.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(without.out()).contains("FAIL bootstrap on " + TARGET_ID + ": error while loading shared libraries: "
                + "libgreet.so.1: cannot open shared object file: No such file or directory");
    }

    @Test
    void severalLayersAreMergedInOrderTheLaterFileWinning() throws Exception {
        // A second layer, a directory, with only another libgreet.so.1 (greet() returns 7).
        Path override = dir.resolve("override");
        Toolchain.NATIVE.sharedLibrary(override.resolve("lib/libgreet.so.1"), "greet", 7, "-Wl,-soname,libgreet.so.1");
        Files.delete(override.resolve("lib/libgreet.so.1.c"));
        Path tmp = Files.createDirectories(dir.resolve("scratch-parent"));
        RunEnvironment env = new RunEnvironment(Map.of("TMPDIR", tmp.toString()), false, Path.of("").toAbsolutePath());

        CliRun overridden = CliRun.in(env, "verify", functionZip.toString(), "--target", TARGET,
                "--layer", layerZip.toString(), "--layer", override.toString(), "--expect-exit", "17");
        CliRun reversed = CliRun.in(env, "verify", functionZip.toString(), "--target", TARGET,
                "--layer", override.toString(), "--layer", layerZip.toString());

        // The tool comes from the first layer, the library from the second: merged, not replaced.
        assertThat(overridden.exitCode()).as(overridden.out() + overridden.err()).isZero();
        assertThat(overridden.out()).contains("tool: greet=7 first=-\n").contains("PASS bootstrap on " + TARGET_ID);
        assertThat(reversed.exitCode()).as(reversed.out() + reversed.err()).isZero();
        assertThat(reversed.out()).contains("tool: greet=5 first=-\n");
        // The unpacked zips and the merged layer were in the scratch area, and it is gone.
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        // The directory layer was only read.
        try (Stream<Path> files = Files.walk(override)) {
            assertThat(files.map(p -> override.relativize(p).toString())).containsExactlyInAnyOrder("", "lib",
                    "lib/libgreet.so.1");
        }
    }

    @Test
    void aLayersProgramCanBeTheEntryByItsPathInTheSandbox() {
        CliRun run = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--layer", layerZip.toString(),
                "--entry", "/opt/bin/tool", "--", "direct");
        CliRun withoutLayer = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--entry", "/opt/bin/tool");
        CliRun outside = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--layer", layerZip.toString(),
                "--entry", "/opt/../usr/bin/env");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tool: greet=5 first=direct\n").contains("PASS /opt/bin/tool direct on " + TARGET_ID);
        assertThat(withoutLayer.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(withoutLayer.err()).isEqualTo("nativepack verify: " + functionZip + ": no entry to run: /opt/bin/tool"
                + " is not in the bundle\n");
        assertThat(outside.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outside.err()).isEqualTo("nativepack verify: " + functionZip + ": no entry to run: /opt/../usr/bin/env"
                + " is not in the bundle or its layers\n");
    }

    @Test
    void aMissingLayerIsBadInputInOneLine() {
        Path missing = dir.resolve("no-such-layer.zip");
        CliRun run = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--layer", missing.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("nativepack verify: " + missing + ": no such layer (give a layer zip or a "
                + "directory)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aDamagedLayerZipIsNamedInOneLine() throws Exception {
        Path damaged = Files.write(dir.resolve("damaged-layer.zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});
        CliRun run = CliRun.of("verify", functionZip.toString(), "--target", TARGET, "--layer", damaged.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("nativepack verify: " + damaged + ": damaged zip archive: ")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aTargetWithoutLayersRefusesLayers() {
        CliRun run = CliRun.of("verify", functionZip.toString(), "--target", "azure/debian12", "--layer",
                layerZip.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("nativepack verify: azure/debian12/x86_64 has no layers, so --layer cannot be "
                + "used with it\n");
    }

    /** A zip of regular files (mode 0755), written with commons-compress. */
    static Path zip(Path out, Map<String, byte[]> files) throws IOException {
        try (OutputStream o = Files.newOutputStream(out); ZipArchiveOutputStream z = new ZipArchiveOutputStream(o)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ZipArchiveEntry e = new ZipArchiveEntry(f.getKey());
                e.setUnixMode(0100755);
                z.putArchiveEntry(e);
                z.write(f.getValue());
                z.closeArchiveEntry();
            }
        }
        return out;
    }
}
