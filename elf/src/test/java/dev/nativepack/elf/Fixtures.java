package dev.nativepack.elf;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * ELF files for the tests: compiled on first use into a test's temporary directory with real
 * compilers, plus a few real Debian files. Each fixture states how it was built, so tests can take
 * expected values from the build command (e.g. the -rpath given) as well as from readelf.
 */
final class Fixtures {
    static final String RPATH = "/opt/one:$ORIGIN/../lib";
    static final String SONAME = "libsoname.so.7";
    static final String VERSIONED_SONAME = "libver.so.1";

    /** A program that needs libc; printf gives it versioned libc references. */
    static final String MAIN = "#include <stdio.h>\nint main(void) { printf(\"hello\\n\"); return 0; }\n";

    static final String LIBRARY = "int lib_value(void) { return 42; }\n";

    /**
     * A library defining versions VER_1 < VER_2 < VER_3 and VER_W < VER_1 (so .gnu.version_d has
     * parents), with {@code g} defined twice: g@VER_1 (hidden) and g@@VER_3 (default).
     */
    static final String VERSIONED_LIBRARY = """
            int f1(void) { return 1; }
            int f2(void) { return 2; }
            int f3(void) { return 3; }
            int w1(void) { return 4; }
            int old_g(void) { return 5; }
            int new_g(void) { return 6; }
            __asm__(".symver old_g,g@VER_1");
            __asm__(".symver new_g,g@@VER_3");
            """;

    static final String VERSION_SCRIPT = """
            VER_1 { global: f1; g; local: *; };
            VER_2 { global: f2; } VER_1;
            VER_3 { global: f3; } VER_2;
            VER_W { global: w1; } VER_1;
            """;

    /** Uses every version of the versioned library; w1 is a weak reference. */
    static final String VERSIONED_USER = """
            #include <stdio.h>
            extern int f1(void); extern int f2(void); extern int f3(void); extern int g(void);
            extern int w1(void) __attribute__((weak));
            int main(void) { printf("%d\\n", f1() + f2() + f3() + g() + (w1 ? w1() : 0)); return 0; }
            """;

    enum Fixture {
        PIE, NO_PIE, STATIC, STATIC_PIE, EXECSTACK, ISA_V3,
        LIB_SONAME, LIB_RPATH, LIB_RUNPATH, LIB_NODEFLIB, LIB_SYSV_HASH, LIB_BARE,
        X86_64_VERSIONED_LIB, X86_64_VERSIONED_EXE,
        AARCH64_VERSIONED_LIB, AARCH64_VERSIONED_EXE,
        ARMHF_VERSIONED_LIB, ARMHF_VERSIONED_EXE,
        PPC_VERSIONED_LIB, PPC_VERSIONED_EXE,
        S390X_VERSIONED_LIB, S390X_VERSIONED_EXE,
        DEBIAN_GDALINFO, DEBIAN_LIBC, DEBIAN_LIBGDAL;

        boolean isDebian() {
            return name().startsWith("DEBIAN_");
        }
    }

    private final Path dir;
    private final Map<Fixture, Path> built = new EnumMap<>(Fixture.class);

    Fixtures(Path dir) {
        this.dir = dir;
    }

    synchronized Path path(Fixture f) throws IOException {
        Path p = built.get(f);
        if (p == null) {
            p = build(f);
            built.put(f, p);
        }
        return p;
    }

    /** A copy of a fixture's bytes. */
    byte[] bytes(Fixture f) throws IOException {
        return Files.readAllBytes(path(f));
    }

    private Path build(Fixture f) throws IOException {
        Toolchain gcc = Toolchain.NATIVE;
        switch (f) {
            case PIE: return gcc.compile(dir.resolve("pie"), MAIN, "-fPIE", "-pie");
            case NO_PIE: return gcc.compile(dir.resolve("no-pie"), MAIN, "-no-pie");
            case STATIC: return gcc.compile(dir.resolve("static"), MAIN, "-static");
            case STATIC_PIE: return gcc.compile(dir.resolve("static-pie"), MAIN, "-static-pie");
            case EXECSTACK: return gcc.compile(dir.resolve("execstack"), MAIN, "-Wl,-z,execstack");
            case ISA_V3: return gcc.compile(dir.resolve("isa-v3"), MAIN, "-Wl,-z,x86-64-v3");
            case LIB_SONAME: return library("libsoname.so", "-Wl,-soname," + SONAME);
            case LIB_RPATH: return library("librpath.so", "-Wl,-rpath," + RPATH, "-Wl,--disable-new-dtags");
            case LIB_RUNPATH: return library("librunpath.so", "-Wl,-rpath," + RPATH, "-Wl,--enable-new-dtags");
            // GNU ld spells DF_1_NODEFLIB "-z nodefaultlib"; it warns about and ignores "-z nodeflib".
            case LIB_NODEFLIB: return library("libnodeflib.so", "-Wl,-z,nodefaultlib");
            case LIB_SYSV_HASH: return library("libsysv.so", "-Wl,--hash-style=sysv");
            // No libc and no versions: .dynsym without .gnu.version, counted through DT_HASH.
            case LIB_BARE: return library("libbare.so", "-nostdlib", "-Wl,--hash-style=sysv");
            case X86_64_VERSIONED_LIB: return versionedLibrary(Toolchain.NATIVE, "x86_64");
            case X86_64_VERSIONED_EXE: return versionedUser(Toolchain.NATIVE, "x86_64", Fixture.X86_64_VERSIONED_LIB);
            case AARCH64_VERSIONED_LIB: return versionedLibrary(Toolchain.AARCH64, "aarch64");
            case AARCH64_VERSIONED_EXE: return versionedUser(Toolchain.AARCH64, "aarch64", Fixture.AARCH64_VERSIONED_LIB);
            case ARMHF_VERSIONED_LIB: return versionedLibrary(Toolchain.ARMHF, "armhf");
            case ARMHF_VERSIONED_EXE: return versionedUser(Toolchain.ARMHF, "armhf", Fixture.ARMHF_VERSIONED_LIB);
            case PPC_VERSIONED_LIB: return versionedLibrary(Toolchain.PPC, "ppc");
            case PPC_VERSIONED_EXE: return versionedUser(Toolchain.PPC, "ppc", Fixture.PPC_VERSIONED_LIB);
            case S390X_VERSIONED_LIB: return versionedLibrary(Toolchain.S390X, "s390x");
            case S390X_VERSIONED_EXE: return versionedUser(Toolchain.S390X, "s390x", Fixture.S390X_VERSIONED_LIB);
            case DEBIAN_GDALINFO: return system("/usr/bin/gdalinfo", "gdal-bin");
            case DEBIAN_LIBC: return system("/lib/x86_64-linux-gnu/libc.so.6", "libc6");
            case DEBIAN_LIBGDAL: return system("/usr/lib/x86_64-linux-gnu/libgdal.so.32", "libgdal32");
            default: throw new AssertionError(f);
        }
    }

    private Path library(String name, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-shared", "-fPIC"));
        args.addAll(List.of(extra));
        return Toolchain.NATIVE.compile(dir.resolve(name), LIBRARY, args.toArray(String[]::new));
    }

    /** Built with both hash styles so DT_HASH (read first) is exercised on every architecture. */
    private Path versionedLibrary(Toolchain tc, String arch) throws IOException {
        Path script = dir.resolve("ver.map");
        Files.writeString(script, VERSION_SCRIPT);
        Path archDir = dir.resolve(arch);
        return tc.compile(archDir.resolve("libver.so"), VERSIONED_LIBRARY, "-shared", "-fPIC",
                "-Wl,--version-script=" + script, "-Wl,-soname," + VERSIONED_SONAME, "-Wl,--hash-style=both");
    }

    private Path versionedUser(Toolchain tc, String arch, Fixture library) throws IOException {
        Path lib = path(library);
        return tc.compile(dir.resolve(arch).resolve("use-versions"), VERSIONED_USER,
                "-L" + lib.getParent(), "-lver");
    }

    private static Path system(String file, String debianPackage) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("missing " + file + " (install Debian package " + debianPackage + ")");
        }
        return p;
    }
}
