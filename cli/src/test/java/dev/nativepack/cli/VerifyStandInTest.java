package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox stands this machine's libcurl in for provided.al2023's, and Debian's libcurl needs
 * libraries (librtmp, libssh2, ...) that Amazon Linux's does not: they are given to the stand-in
 * alone, so a program using the target's libcurl passes, while a program that needs one of them
 * itself still fails as it would on the target.
 */
class VerifyStandInTest {
    private static final String TARGET = "provided.al2023";

    @TempDir
    Path dir;

    @Test
    void aProgramOnTheTargetsLibcurlPassesThoughThisMachinesCopyNeedsMore() throws Exception {
        Toolchain.requireTool("bwrap");
        Path program = Toolchain.NATIVE.compile(dir.resolve("build/curl-version"), String.join("\n",
                "#include <stdio.h>",
                "#include <curl/curl.h>",
                "int main(void) {",
                "    printf(\"curl says %s\\n\", curl_version());",
                "    return 0;",
                "}", ""), "-lcurl");
        Path zip = dir.resolve("curl.zip");
        CliRun bundled = CliRun.of("bundle", program.toString(), "--target", TARGET, "-o", zip.toString());
        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).as("libcurl is the target's").contains("0 libraries the target lacks");

        CliRun run = CliRun.of("verify", zip.toString(), "--target", TARGET);

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("curl says libcurl/").contains("librtmp/")
                .doesNotContain("cannot open shared object file");
    }

    @Test
    void aLibraryTheProgramNeedsItselfStillFailsThoughAStandInNeedsItToo() throws Exception {
        Toolchain.requireTool("bwrap");
        Path task = Files.createDirectories(dir.resolve("task"));
        // libcurl first: the loader maps the program's own needs before the stand-in's.
        Toolchain.NATIVE.compile(task.resolve("bootstrap"), String.join("\n",
                "#include <stdio.h>",
                "#include <curl/curl.h>",
                "int RTMP_LibVersion(void);",
                "int main(void) { printf(\"%s %d\\n\", curl_version(), RTMP_LibVersion()); return 0; }", ""),
                "-lcurl", "-Wl,--no-as-needed", "/usr/lib/x86_64-linux-gnu/librtmp.so.1");
        assertThat(Toolchain.run(dir, java.util.Map.of(), "readelf", "-dW", task.resolve("bootstrap").toString()))
                .contains("[libcurl.so.4]").contains("[librtmp.so.1]");

        CliRun run = CliRun.of("verify", task.toString(), "--target", TARGET);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.out()).contains("librtmp.so.1: cannot open shared object file");
    }
}
