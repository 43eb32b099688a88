package dev.nativepack.elf.strip;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Programs and libraries compiled with -g for the strip tests, on five architectures that cover
 * ELF32/ELF64 in both byte orders, and the binutils and qemu commands that go with each.
 */
final class StripFixtures {
    static final String MAIN = """
            #include <stdio.h>
            #include <string.h>
            static const char *greeting = "hello from a stripped program";
            int main(int argc, char **argv) { printf("%s %zu %d\\n", greeting, strlen(greeting), argc); return 0; }
            """;

    static final String LIBRARY = """
            static int total;
            int fix_value(int x) { total += x; return total * 2 + 1; }
            """;

    static final String USER = """
            #include <stdio.h>
            extern int fix_value(int);
            int main(void) { printf("value %d\\n", fix_value(20)); return 0; }
            """;

    static final String CXX = """
            #include <iostream>
            #include <stdexcept>
            #include <vector>
            int main() {
                std::vector<int> v{1, 2, 3};
                try { throw std::runtime_error("caught"); }
                catch (const std::exception& e) { std::cout << e.what() << " " << v.size() << "\\n"; }
            }
            """;

    enum Arch {
        X86_64(Toolchain.NATIVE, "", null),
        AARCH64(Toolchain.AARCH64, "aarch64-linux-gnu-", "qemu-aarch64"),
        ARMHF(Toolchain.ARMHF, "arm-linux-gnueabihf-", "qemu-arm"),
        PPC(Toolchain.PPC, "powerpc-linux-gnu-", "qemu-ppc"),
        S390X(Toolchain.S390X, "s390x-linux-gnu-", "qemu-s390x");

        final Toolchain toolchain;
        /** The prefix of this architecture's binutils (strip, objcopy). */
        final String binutils;
        final String qemu;

        Arch(Toolchain toolchain, String binutils, String qemu) {
            this.toolchain = toolchain;
            this.binutils = binutils;
            this.qemu = qemu;
        }
    }

    enum Kind {
        PIE(true), NO_PIE(true), STATIC(true), SHARED(false), COMPRESSED_DEBUG(false), USER(true), CXX(true);

        final boolean runnable;

        Kind(boolean runnable) {
            this.runnable = runnable;
        }
    }

    private final Path dir;
    private final Map<String, Path> built = new HashMap<>();

    StripFixtures(Path dir) {
        this.dir = dir;
    }

    /** The kinds built for an architecture: C++ only natively. */
    static List<Kind> kinds(Arch arch) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.values()));
        if (arch != Arch.X86_64) {
            kinds.remove(Kind.CXX);
        }
        return kinds;
    }

    synchronized Path path(Arch arch, Kind kind) throws IOException {
        String key = arch + "/" + kind;
        Path p = built.get(key);
        if (p == null) {
            p = build(arch, kind);
            built.put(key, p);
        }
        return p;
    }

    private Path build(Arch arch, Kind kind) throws IOException {
        Path archDir = dir.resolve(arch.name().toLowerCase());
        Toolchain tc = arch.toolchain;
        switch (kind) {
            case PIE: return tc.compile(archDir.resolve("pie"), MAIN, "-g", "-O1", "-fPIE", "-pie");
            case NO_PIE: return tc.compile(archDir.resolve("no-pie"), MAIN, "-g", "-O1", "-no-pie");
            case STATIC: return tc.compile(archDir.resolve("static"), MAIN, "-g", "-O1", "-static");
            case SHARED: return tc.compile(archDir.resolve("libfix.so"), LIBRARY, "-g", "-O1", "-shared", "-fPIC");
            case COMPRESSED_DEBUG:
                return tc.compile(archDir.resolve("libzdebug.so"), LIBRARY, "-g", "-gz", "-O1", "-shared", "-fPIC");
            case USER: {
                Path lib = path(arch, Kind.SHARED);
                return tc.compile(archDir.resolve("user"), USER, "-g", "-O1", "-L" + lib.getParent(), "-lfix",
                        "-Wl,-rpath,$ORIGIN");
            }
            case CXX: {
                Files.createDirectories(archDir);
                Path src = archDir.resolve("cxx.cc");
                Files.writeString(src, CXX);
                Path out = archDir.resolve("cxx");
                Toolchain.run(archDir, Map.of(), "g++", "-g", "-O1", "-o", out.toString(), src.toString());
                return out;
            }
            default: throw new AssertionError(kind);
        }
    }

    /** Runs a program (under qemu-user for other architectures) and returns its output. */
    static String run(Arch arch, Path program) throws IOException {
        if (arch.qemu == null) {
            return Toolchain.run(program.getParent(), Map.of(), program.toString());
        }
        return Toolchain.run(program.getParent(), Map.of(), arch.qemu, "-L", arch.toolchain.sysroot().toString(),
                program.toString());
    }

    /** Writes bytes as an executable file. */
    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
        file.toFile().setExecutable(true);
        return file;
    }
}
