package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfMachine;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caches written by the real ldconfig over libraries built here, checked against {@code ldconfig -p}
 * and against the real loader run in a root directory whose /etc/ld.so.cache is that cache.
 */
class LdSoCacheLdconfigTest {
    private static final int X86_64 = LdSoCache.flagsFor(ElfMachine.EM_X86_64, true);
    private static final int AARCH64 = LdSoCache.flagsFor(ElfMachine.EM_AARCH64, true);
    private static final String LIB = "libfoo.so.1";
    private static final String MAIN = "int f(void); int main(void) { return f() - 1; }\n";

    @TempDir
    static Path work;
    private static Path x86Lib;
    private static Path x86Main;

    @BeforeAll
    static void buildFixtures() throws IOException {
        x86Lib = Toolchain.NATIVE.sharedLibrary(work.resolve("x86/" + LIB), "f", 1, "-Wl,-soname," + LIB);
        x86Main = Toolchain.NATIVE.compile(work.resolve("x86/m"), MAIN, x86Lib.toString());
    }

    @Test
    void glibcHwcapsEntryWithTheBestPriorityWins() throws IOException {
        Path root = x86Root("hwcaps", "a/glibc-hwcaps/x86-64-v2", "a/glibc-hwcaps/x86-64-v3", "a/tls", "a/x86_64", "a", "b");
        LdSoCache cache = x86Cache(root);
        assertThat(cache.hwcapsNames()).containsExactly("x86-64-v2", "x86-64-v3");
        assertThat(cache.entries()).filteredOn(LdSoCache.Entry::isGlibcHwcaps).extracting(LdSoCache.Entry::hwcapsSubdir)
                .containsExactlyInAnyOrder("x86-64-v2", "x86-64-v3");
        HostLoader host = HostLoader.probe();
        String expected = loaderChoice(root);
        assertThat(cache.lookup(LIB, X86_64, host.activeSubdirs(), host.legacy(), host.isaLevels())).isEqualTo(expected);
        if (host.activeSubdirs().contains("x86-64-v3")) {
            assertThat(expected).isEqualTo("/a/glibc-hwcaps/x86-64-v3/" + LIB);
        }
        // Priority comes from the active list, not from file order.
        assertThat(cache.lookup(LIB, X86_64, List.of("x86-64-v2", "x86-64-v3"), false))
                .isEqualTo("/a/glibc-hwcaps/x86-64-v2/" + LIB);
        assertThat(cache.lookup(LIB, X86_64, List.of("x86-64-v4", "x86-64-v3", "x86-64-v2"), false))
                .isEqualTo("/a/glibc-hwcaps/x86-64-v3/" + LIB);
        // Without active subdirectories: glibc 2.37 skips tls/ and x86_64/, older ones take tls/ first.
        assertThat(cache.lookup(LIB, X86_64, List.of(), false)).isEqualTo("/a/" + LIB);
        assertThat(cache.lookup(LIB, X86_64, List.of(), true)).isEqualTo("/a/tls/" + LIB);
        assertThat(cache.lookup(LIB, AARCH64, host.activeSubdirs(), true)).isNull();
        assertThat(cache.lookup("libfoo.so.01", X86_64, List.of(), false)).as("libcmp equality").isEqualTo("/a/" + LIB);
        assertThat(cache.lookup("libfoo.so", X86_64, List.of(), false)).isNull();
    }

    @Test
    void legacyHwcapEntriesFollowTheHostLoader() throws IOException {
        String[] legacy = {"a/haswell", "a/xeon_phi", "a/i686", "a/avx512_1", "a/x86_64", "a/sse2", "a/haswell/x86_64", "a"};
        HostLoader host = HostLoader.probe();
        for (boolean tls : new boolean[] {false, true}) {
            String[] dirs = tls ? append(legacy, "a/tls") : legacy;
            Path root = x86Root("legacy-" + tls, dirs);
            LdSoCache cache = x86Cache(root);
            assertThat(cache.entries()).filteredOn(e -> e.hwcap() != 0).hasSize(dirs.length - 1);
            String expected = loaderChoice(root);
            assertThat(cache.lookup(LIB, X86_64, host.activeSubdirs(), host.legacy(), host.isaLevels()))
                    .as("tls=%s, entries %s", tls, cache.entries()).isEqualTo(expected);
            assertThat(cache.lookup(LIB, X86_64, host.activeSubdirs(), LdSoCache.LegacyHwcaps.REMOVED, host.isaLevels()))
                    .isEqualTo("/a/" + LIB);
        }
    }

    @Test
    void plainEntriesTakeTheFirstInFileOrder() throws IOException {
        Path root = x86Root("plain", "b", "a");
        LdSoCache cache = x86Cache(root);
        HostLoader host = HostLoader.probe();
        String expected = loaderChoice(root);
        assertThat(cache.lookup(LIB, X86_64, host.activeSubdirs(), host.legacy(), host.isaLevels())).isEqualTo(expected);
        assertThat(cache.lookup(LIB, X86_64, List.of(), false)).isEqualTo(expected);
        assertThat(cache.entries()).filteredOn(e -> e.name().equals(LIB)).first()
                .extracting(LdSoCache.Entry::path).isEqualTo(expected);
    }

    /**
     * ldconfig -c compat writes the libc5-era table first; the reader must skip it. glibc 2.36's
     * ldconfig corrupts its heap in this mode and may abort ("munmap_chunk(): invalid pointer",
     * "double free") after writing the file, in both the writing and the -p run, so exit codes are
     * ignored here; the file must still list exactly what the new-format cache of the same tree lists.
     */
    @Test
    void compatFormatSkipsTheOldTable() throws IOException {
        Path root = x86Root("compat", "a/tls", "a", "b");
        LdSoCache reference = x86Cache(root);
        Path file = root.resolve("etc/ld.so.cache");
        Files.delete(file);
        String ldconfig = LdSoCacheTools.ldconfig();
        Toolchain.exec(null, Map.of(), ldconfig, "-c", "compat", "-X", "-r", root.toString());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ld.so-1.7.0");
        LdSoCache cache = LdSoCache.read(file);
        assertThat(cache.entries()).isEqualTo(reference.entries());
        assertThat(cache.generator()).isEqualTo(reference.generator());
        String printed = Toolchain.exec(null, Map.of(), ldconfig, "-C", file.toString(), "-p").output();
        LdSoCacheTools.assertSameAsPrinted(cache, LdSoCacheTools.parsePrint(printed));
        HostLoader host = HostLoader.probe();
        assertThat(cache.lookup(LIB, X86_64, host.activeSubdirs(), host.legacy(), host.isaLevels()))
                .isEqualTo(loaderChoice(root));
    }

    /** ldconfig -c old: only the libc5-era table, 12-byte entries without hwcap. */
    @Test
    void oldOnlyFormat() throws IOException {
        Path root = x86Root("old", "a", "b");
        String ldconfig = LdSoCacheTools.ldconfig();
        LdSoCacheTools.run(Map.of(), ldconfig, "-c", "old", "-X", "-r", root.toString());
        LdSoCache cache = LdSoCache.read(root.resolve("etc/ld.so.cache"));
        LdSoCacheTools.assertSameAsPrinted(cache, LdSoCacheTools.parsePrint(LdSoCacheTools.run(Map.of(), ldconfig,
                "-C", root.resolve("etc/ld.so.cache").toString(), "-p")));
        assertThat(cache.lookup(LIB, X86_64, List.of(), false)).isEqualTo("/a/" + LIB);
    }

    /**
     * An aarch64 cache from aarch64 ldconfig (under qemu), with glibc-hwcaps entries: flags, names and
     * the aarch64 loader's own choice (glibc 2.36 has no glibc-hwcaps subdirectories on aarch64).
     */
    @Test
    void aarch64CacheFromAarch64Ldconfig() throws IOException {
        LdSoCacheTools.requireAarch64Ldconfig();
        Path root = Files.createDirectories(work.resolve("aarch64-root"));
        Path lib = Toolchain.AARCH64.sharedLibrary(work.resolve("aarch64/" + LIB), "f", 1, "-Wl,-soname," + LIB);
        Path main = Toolchain.AARCH64.compile(work.resolve("aarch64/m"), MAIN, lib.toString());
        for (String dir : List.of("opt/l", "opt/l/glibc-hwcaps/alpha", "opt/l/glibc-hwcaps/beta", "opt/m")) {
            Files.copy(lib, Files.createDirectories(root.resolve(dir)).resolve(LIB));
        }
        Files.copy(x86Lib, root.resolve("opt/m/libother.so.1")); // another machine: ldconfig leaves it out
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/ld.so.conf"), "/opt/l\n/opt/m\n");
        Files.createDirectories(root.resolve("lib"));
        for (String f : List.of("ld-linux-aarch64.so.1", "libc.so.6")) {
            Files.copy(Toolchain.AARCH64.sysroot().resolve("lib/" + f), root.resolve("lib/" + f));
        }
        Files.copy(main, Files.createDirectories(root.resolve("bin")).resolve("m"));
        LdSoCacheTools.run(Map.of(), "qemu-aarch64", LdSoCacheTools.AARCH64_LDCONFIG, "-X", "-r", root.toString());
        String printed = LdSoCacheTools.run(Map.of(), "qemu-aarch64", LdSoCacheTools.AARCH64_LDCONFIG,
                "-C", root.resolve("etc/ld.so.cache").toString(), "-p");

        LdSoCache cache = LdSoCache.read(root.resolve("etc/ld.so.cache"));
        LdSoCacheTools.assertSameAsPrinted(cache, LdSoCacheTools.parsePrint(printed));
        assertThat(cache.entries()).extracting(LdSoCache.Entry::flags).containsOnly(0x0a03);
        assertThat(LdSoCache.describeFlags(AARCH64)).isEqualTo("libc6,AArch64");
        assertThat(cache.hwcapsNames()).containsExactly("alpha", "beta");
        assertThat(cache.entries()).extracting(LdSoCache.Entry::name).doesNotContain("libother.so.1");

        String debug = Toolchain.exec(null, Map.of("LD_DEBUG", "libs"), "qemu-aarch64", "-L", root.toString(),
                root.resolve("lib/ld-linux-aarch64.so.1").toString(), "--list", "/bin/m").output();
        String loaderChoice = LdSoCacheTools.cacheResults(debug).get(LIB);
        assertThat(loaderChoice).as("aarch64 loader output:\n" + debug).isEqualTo("/opt/l/" + LIB);
        assertThat(cache.lookup(LIB, AARCH64, List.of(), false)).isEqualTo(loaderChoice);
        assertThat(cache.lookup(LIB, AARCH64, List.of("beta", "alpha"), false)).isEqualTo("/opt/l/glibc-hwcaps/beta/" + LIB);
        assertThat(cache.lookup(LIB, AARCH64, List.of("alpha"), false)).isEqualTo("/opt/l/glibc-hwcaps/alpha/" + LIB);
        assertThat(cache.lookup(LIB, X86_64, List.of("alpha"), true)).isNull();
    }

    /** A root with ld.so, libc, /bin/m and a copy of libfoo in each directory, listed in ld.so.conf. */
    private static Path x86Root(String name, String... dirs) throws IOException {
        Path root = Files.createDirectories(work.resolve("root-" + name));
        StringBuilder conf = new StringBuilder();
        for (String dir : dirs) {
            Files.copy(x86Lib, Files.createDirectories(root.resolve(dir)).resolve(LIB));
            if (!dir.contains("/")) {
                conf.append('/').append(dir).append('\n');
            }
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/ld.so.conf"), conf.toString());
        Path libdir = Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        for (String f : List.of("ld-linux-x86-64.so.2", "libc.so.6")) {
            Files.copy(Path.of("/lib/x86_64-linux-gnu", f), libdir.resolve(f));
        }
        Files.createDirectories(root.resolve("lib64"));
        Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"), Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Files.copy(x86Main, Files.createDirectories(root.resolve("bin")).resolve("m"));
        return root;
    }

    /** Runs ldconfig -r on the root and checks the reader against ldconfig -p. */
    private static LdSoCache x86Cache(Path root) throws IOException {
        String ldconfig = LdSoCacheTools.ldconfig();
        LdSoCacheTools.run(Map.of(), ldconfig, "-X", "-r", root.toString());
        Path file = root.resolve("etc/ld.so.cache");
        LdSoCache cache = LdSoCache.read(file);
        LdSoCacheTools.assertSameAsPrinted(cache,
                LdSoCacheTools.parsePrint(LdSoCacheTools.run(Map.of(), ldconfig, "-C", file.toString(), "-p")));
        return cache;
    }

    /** The file the real loader takes from the root's cache for libfoo, via chroot and LD_DEBUG=libs. */
    private static String loaderChoice(Path root) throws IOException {
        // chroot needs root; elsewhere a user namespace maps the caller to root (Debian 12 allows it).
        List<String> cmd = new java.util.ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("unshare", "-r"));
        }
        cmd.addAll(List.of("chroot", root.toString(), "/lib64/ld-linux-x86-64.so.2", "--list", "/bin/m"));
        Toolchain.Result r = Toolchain.exec(null, Map.of("LD_DEBUG", "libs"), cmd.toArray(String[]::new));
        String choice = LdSoCacheTools.cacheResults(r.output()).get(LIB);
        assertThat(choice).as("loader output (exit %d):\n%s", r.exitCode(), r.output()).isNotNull().isNotEmpty();
        return choice;
    }

    private static String[] append(String[] a, String s) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = s;
        return r;
    }
}
