package dev.nativepack.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small roots built with real compiled libraries, each showing one rule: links resolve inside the
 * root, a library is recorded under its SONAME's file name, ld.so.cache directories are searched,
 * other architectures are left out, and a musl root is recognised.
 */
class SnapshotRootLayoutTest {
    private static final Path HOST_LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path AARCH64_LIBC = Path.of("/usr/aarch64-linux-gnu/lib/libc.so.6");
    private static final String MULTIARCH = "/usr/lib/x86_64-linux-gnu";

    @TempDir
    Path dir;

    private Path root(String name) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve(MULTIARCH.substring(1)));
        Files.copy(HOST_LIBC, root.resolve(MULTIARCH.substring(1)).resolve("libc.so.6"));
        return root;
    }

    /** A library with the given SONAME defining V_1 and V_2 (and, as always, its base definition). */
    private Path versionedLibrary(Path out, String soname) throws IOException {
        Path map = out.resolveSibling(out.getFileName() + ".map");
        Files.createDirectories(out.getParent());
        Files.writeString(map, "V_1 { global: one; local: *; };\nV_2 { global: two; } V_1;\n");
        return Toolchain.NATIVE.compile(out, "int one(void) { return 1; }\nint two(void) { return 2; }\n", "-shared",
                "-fPIC", "-Wl,-soname," + soname, "-Wl,--version-script," + map);
    }

    private static Target capture(Path root) throws Exception {
        return TargetSnapshot.capture(root, SnapshotOptions.builder("test/layout").build());
    }

    @Test
    void testCapture_absoluteLinksResolveInsideTheRootNotOnThisMachine() throws Exception {
        Path root = root("absolute");
        // /opt/vendor exists only in the root: following the link on this machine would find nothing.
        Path real = versionedLibrary(root.resolve("opt/vendor/libvendor.so.1.0.0"), "libvendor.so.1");
        Files.createSymbolicLink(root.resolve(MULTIARCH.substring(1)).resolve("libvendor.so.1"),
                Path.of("/opt/vendor/libvendor.so.1.0.0"));

        Target target = capture(root);

        assertThat(Readelf.definedVersions(real)).containsExactly("V_1", "V_2");
        assertThat(target.libraries()).contains(new TargetLibrary("libvendor.so.1", MULTIARCH, null,
                List.of("V_1", "V_2"), null, Readelf.needed(real)));
    }

    @Test
    void testCapture_libraryIsRecordedUnderItsSonameAndOtherNamesOnlyWithoutOne() throws Exception {
        Path root = root("sonames");
        Path lib = root.resolve(MULTIARCH.substring(1));
        versionedLibrary(lib.resolve("libpaired.so.2.0.1"), "libpaired.so.2");
        Files.createSymbolicLink(lib.resolve("libpaired.so.2"), Path.of("libpaired.so.2.0.1"));
        Files.createSymbolicLink(lib.resolve("libpaired.so"), Path.of("libpaired.so.2"));
        // No file named by this one's SONAME (ldconfig never ran): it is found only by its own name.
        versionedLibrary(lib.resolve("libalone.so.3.1"), "libalone.so.3");
        Toolchain.NATIVE.compile(lib.resolve("libplugin.so"), "int plugin(void) { return 0; }\n", "-shared", "-fPIC");

        Target target = capture(root);

        assertThat(Readelf.soname(lib.resolve("libplugin.so"))).isNull();
        assertThat(target.libraries()).containsExactly(
                new TargetLibrary("libalone.so.3.1", MULTIARCH, "libalone.so.3", List.of("V_1", "V_2"), null,
                        Readelf.needed(lib.resolve("libalone.so.3.1"))),
                new TargetLibrary("libc.so.6", MULTIARCH, null, Readelf.definedVersions(HOST_LIBC), null,
                        Readelf.needed(HOST_LIBC)),
                new TargetLibrary("libpaired.so.2", MULTIARCH, null, List.of("V_1", "V_2"), null,
                        Readelf.needed(lib.resolve("libpaired.so.2.0.1"))),
                new TargetLibrary("libplugin.so", MULTIARCH, null, List.of(), null,
                        Readelf.needed(lib.resolve("libplugin.so"))));
    }

    @Test
    void testCapture_directoriesOfTheLdSoCacheAreSearchedAfterTheSystemDirectories() throws Exception {
        Path root = root("cache");
        versionedLibrary(root.resolve("opt/extra/lib/libextra.so.1"), "libextra.so.1");
        versionedLibrary(root.resolve("usr/local/lib/liblocal.so.1"), "liblocal.so.1");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/ld.so.conf"), "/usr/local/lib\n/opt/extra/lib\n");
        Toolchain.run(null, java.util.Map.of(), "/sbin/ldconfig", "-r", root.toString());

        Target target = capture(root);

        assertThat(target.libraries()).extracting(TargetLibrary::path).containsExactly(
                MULTIARCH + "/libc.so.6", "/opt/extra/lib/libextra.so.1", "/usr/local/lib/liblocal.so.1");
    }

    @Test
    void testCapture_otherArchitecturesAreLeftOutAndCanBeChosen() throws Exception {
        Toolchain.requireTool(AARCH64_LIBC.toString());
        Path root = root("multiarch");
        Path arm = Files.createDirectories(root.resolve("usr/lib/aarch64-linux-gnu"));
        Files.copy(AARCH64_LIBC, arm.resolve("libc.so.6"));
        // The same directory holding a library of the other architecture.
        Files.copy(AARCH64_LIBC, root.resolve(MULTIARCH.substring(1)).resolve("libforeign.so.6"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/true"), root.resolve("bin/sh"));

        Target own = capture(root);
        Target chosen = TargetSnapshot.capture(root, SnapshotOptions.builder("test/arm").architecture("arm64").build());

        assertThat(own.architecture()).isEqualTo("x86_64");
        assertThat(own.libraries()).extracting(TargetLibrary::path).containsExactly(MULTIARCH + "/libc.so.6");
        assertThat(chosen.architecture()).isEqualTo("arm64");
        assertThat(chosen.loader().systemDirs()).startsWith("/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu");
        assertThat(chosen.loader().interpreter()).isEqualTo(Readelf.interpreter(AARCH64_LIBC));
        assertThat(chosen.libraries()).extracting(TargetLibrary::path)
                .containsExactly("/usr/lib/aarch64-linux-gnu/libc.so.6");
    }

    @Test
    void testCapture_muslRootWithoutGlibc() throws Exception {
        Path root = dir.resolve("musl");
        // Stands in for musl's loader: an x86_64 library holding a lone version string, as musl's does.
        Toolchain.NATIVE.compile(root.resolve("lib/ld-musl-x86_64.so.1"),
                "const char libc_version[] = \"1.2.4\";\nconst char *version(void) { return libc_version; }\n",
                "-shared", "-fPIC", "-Wl,-soname,libc.musl-x86_64.so.1");
        Files.createSymbolicLink(root.resolve("lib/libc.musl-x86_64.so.1"), Path.of("ld-musl-x86_64.so.1"));
        versionedLibrary(root.resolve("usr/lib/libz.so.1"), "libz.so.1");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/ld-musl-x86_64.path"), "/lib\n/usr/local/lib:/usr/lib\n");

        Target target = capture(root);

        assertThat(target.libc()).isEqualTo(new Target.Libc("musl", "1.2.4"));
        assertThat(target.loader().interpreter()).isEqualTo("/lib/ld-musl-x86_64.so.1");
        assertThat(target.loader().systemDirs()).containsExactly("/lib", "/usr/local/lib", "/usr/lib");
        assertThat(target.libraries()).extracting(TargetLibrary::path)
                .containsExactly("/lib/libc.musl-x86_64.so.1", "/usr/lib/libz.so.1");
        assertThat(target.ceilings()).isEmpty();
    }
}
