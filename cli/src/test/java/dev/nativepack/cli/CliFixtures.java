package dev.nativepack.cli;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real binaries for the CLI tests, compiled with gcc: a library with its own symbol versions and
 * a program that needs it and libm, with a RUNPATH and BIND_NOW.
 */
final class CliFixtures {
    static final String LIBRARY_SONAME = "libfix.so.1";
    static final String PROGRAM_RUNPATH = "/opt/fixture/lib";

    final Path library;
    final Path program;

    private CliFixtures(Path library, Path program) {
        this.library = library;
        this.program = program;
    }

    static CliFixtures compile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path versionScript = dir.resolve("libfix.map");
        Files.writeString(versionScript, "FIX_1.0 { global: fix_one; local: *; };\nFIX_2.0 { global: fix_two; } FIX_1.0;\n");
        Path library = Toolchain.NATIVE.compile(dir.resolve(LIBRARY_SONAME),
                "int fix_one(void) { return 1; }\nint fix_two(void) { return 2; }\n",
                "-shared", "-fPIC", "-Wl,-soname," + LIBRARY_SONAME, "-Wl,--version-script," + versionScript);
        Path program = Toolchain.NATIVE.compile(dir.resolve("app"), String.join("\n",
                "#include <math.h>",
                "#include <stdio.h>",
                "int fix_two(void);",
                "int main(int argc, char **argv) {",
                "    printf(\"%f %f %d\\n\", sqrt((double) argc), cos((double) argc), fix_two());",
                "    return 0;",
                "}", ""),
                "-L" + dir, "-l:" + LIBRARY_SONAME, "-lm", "-Wl,--enable-new-dtags,-rpath," + PROGRAM_RUNPATH,
                "-Wl,-z,now");
        return new CliFixtures(library, program);
    }
}
