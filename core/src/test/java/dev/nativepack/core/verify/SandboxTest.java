package dev.nativepack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Programs run in the target-shaped sandbox: what the target has is there, nothing else is. */
class SandboxTest {
    @TempDir
    static Path dir;
    static Target al2023;

    @BeforeAll
    static void target() throws Exception {
        Toolchain.requireTool("bwrap");
        al2023 = TargetCatalog.builtIn().find("aws-lambda/provided.al2023/x86_64");
    }

    private static Path function(String name, String source, boolean withLibrary) throws Exception {
        Path root = dir.resolve(name);
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve(name + "-build/libgreet.so.1"), "greet", 42,
                "-Wl,-soname,libgreet.so.1");
        Toolchain.NATIVE.compile(root.resolve("bootstrap"), source, lib.toString(), "-Wl,--disable-new-dtags,-rpath,$ORIGIN/lib");
        if (withLibrary) {
            Files.createDirectories(root.resolve("lib"));
            Files.copy(lib, root.resolve("lib/libgreet.so.1"));
        }
        return root;
    }

    @Test
    void aCompleteFunctionRunsWithTheRuntimesEnvironment() throws Exception {
        Path fn = function("complete", "#include <stdio.h>\n#include <stdlib.h>\nint greet(void);\n"
                + "int main(void) { printf(\"%d %s %s\\n\", greet(), getenv(\"LAMBDA_TASK_ROOT\"), getenv(\"LD_LIBRARY_PATH\"));"
                + " return 0; }\n", true);

        SandboxResult r = new Sandbox(al2023, Path.of("/")).run(fn, List.of(), "bootstrap", List.of(), 30);

        assertThat(r.passed()).as(r.output()).isTrue();
        assertThat(r.output()).contains("42 /var/task " + al2023.loader().ldLibraryPath());
    }

    @Test
    void aForgottenLibraryFailsWithTheLoadersOwnMessage() throws Exception {
        Path fn = function("incomplete", "int greet(void);\nint main(void) { return greet() == 42 ? 0 : 1; }\n", false);

        SandboxResult r = new Sandbox(al2023, Path.of("/")).run(fn, List.of(), "bootstrap", List.of(), 30);

        assertThat(r.passed()).isFalse();
        assertThat(r.loaderError()).isEqualTo(
                "error while loading shared libraries: libgreet.so.1: cannot open shared object file: No such file or directory");
    }

    @Test
    void onlyTmpIsWritableAndThereIsNoNetwork() throws Exception {
        Path fn = function("writes", "#include <stdio.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n"
                + "#include <arpa/inet.h>\n#include <unistd.h>\nint greet(void);\n"
                + "int main(void) {\n"
                + "  FILE *task = fopen(\"/var/task/out.txt\", \"w\");\n"
                + "  FILE *tmp = fopen(\"/tmp/out.txt\", \"w\");\n"
                + "  int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0};\n"
                + "  a.sin_family = AF_INET; a.sin_port = htons(80); inet_pton(AF_INET, \"1.1.1.1\", &a.sin_addr);\n"
                + "  int c = connect(s, (struct sockaddr *) &a, sizeof a);\n"
                + "  printf(\"task=%d tmp=%d net=%d greet=%d\\n\", task != NULL, tmp != NULL, c == 0, greet());\n"
                + "  return 0; }\n", true);

        SandboxResult r = new Sandbox(al2023, Path.of("/")).run(fn, List.of(), "bootstrap", List.of(), 30);

        assertThat(r.output()).contains("task=0 tmp=1 net=0 greet=42");
        assertThat(fn.resolve("out.txt")).doesNotExist();
    }

    @Test
    void librariesThisMachineHasButTheTargetLacksAreNotVisible() throws Exception {
        // libgdal is on this machine, not on provided.al2023: the sandbox must not let it through.
        Path fn = dir.resolve("gdal");
        Files.createDirectories(fn);
        Files.copy(Path.of("/usr/bin/gdalinfo"), fn.resolve("bootstrap"));

        SandboxResult r = new Sandbox(al2023, Path.of("/")).run(fn, List.of(), "bootstrap", List.of("--version"), 30);

        assertThat(r.loaderError()).contains("libgdal.so.32: cannot open shared object file");
    }

    @Test
    void severalLayersAreMergedAtOptTheLastWinning() throws Exception {
        // No RPATH: the library can only come from /opt/lib, on the runtime's LD_LIBRARY_PATH.
        Path build = dir.resolve("layered-build");
        Path lib = Toolchain.NATIVE.sharedLibrary(build.resolve("libgreet.so.1"), "greet", 1, "-Wl,-soname,libgreet.so.1");
        Path fn = dir.resolve("layered");
        Toolchain.NATIVE.compile(fn.resolve("bootstrap"), "#include <stdio.h>\n#include <unistd.h>\nint greet(void);\n"
                + "int main(void) { printf(\"greet=%d first=%d\\n\", greet(), access(\"/opt/only-in-first\", F_OK) == 0);"
                + " return 0; }\n", lib.toString());
        Path first = dir.resolve("layer-first");
        Path second = dir.resolve("layer-second");
        Toolchain.NATIVE.sharedLibrary(first.resolve("lib/libgreet.so.1"), "greet", 1, "-Wl,-soname,libgreet.so.1");
        Toolchain.NATIVE.sharedLibrary(second.resolve("lib/libgreet.so.1"), "greet", 2, "-Wl,-soname,libgreet.so.1");
        Files.writeString(first.resolve("only-in-first"), "x");

        SandboxResult both = new Sandbox(al2023, Path.of("/")).run(fn, List.of(first, second), "bootstrap", List.of(), 30);
        SandboxResult reversed = new Sandbox(al2023, Path.of("/")).run(fn, List.of(second, first), "bootstrap", List.of(), 30);
        SandboxResult none = new Sandbox(al2023, Path.of("/")).run(fn, List.of(), "bootstrap", List.of(), 30);

        assertThat(both.passed()).as(both.output()).isTrue();
        // Merged, not replaced: the first layer's other file is still there.
        assertThat(both.output()).isEqualTo("greet=2 first=1\n");
        assertThat(reversed.output()).isEqualTo("greet=1 first=1\n");
        assertThat(none.loaderError()).contains("libgreet.so.1: cannot open shared object file");
    }
}
