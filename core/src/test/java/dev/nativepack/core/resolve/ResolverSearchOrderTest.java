package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-request search order (research/elf.md §2.3, §2.4), checked against the real loader. */
class ResolverSearchOrderTest {
    @TempDir
    Path dir;

    /** m -> liba -> libb -> libc2; only the program has a search path ($ORIGIN/lib:$ORIGIN/deps). */
    private Path chain(String tagFlag) throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir.resolve(tagFlag.contains("new") ? "runpath" : "rpath"));
        f.library("deps/libc2.so", "libc2.so", "c2", 3, List.of());
        f.library("deps/libb.so", "libb.so", "b", 2, List.of("c2"), "-L" + f.dir().resolve("deps"), "-l:libc2.so");
        f.library("lib/liba.so", "liba.so", "a", 1, List.of("b"), "-L" + f.dir().resolve("deps"), "-l:libb.so",
                "-Wl,-rpath-link," + f.dir().resolve("deps"));
        return f.program("m", List.of("a"), "-L" + f.dir().resolve("lib"), "-l:liba.so",
                "-Wl,-rpath-link," + f.dir().resolve("deps"), "-Wl," + tagFlag,
                "-Wl,-rpath,$ORIGIN/lib:$ORIGIN/deps");
    }

    @Test
    void rpathOfTheProgram_isInheritedByTheWholeTree() throws IOException {
        Path m = chain("--disable-new-dtags");
        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("6 ");
        assertThat(closure.missing()).isEmpty();
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
        LoadedObject libb = closure.objects().stream().filter(o -> o.name().equals("libb.so")).findFirst().orElseThrow();
        assertThat(libb.via()).isEqualTo(FoundVia.RPATH);
        assertThat(libb.viaOwner().index()).isZero();
    }

    @Test
    void runpathOfTheProgram_isNotInherited() throws IOException {
        Path m = chain("--enable-new-dtags");
        Closure closure = Fixtures.resolve(m);

        Toolchain.Result run = Fixtures.run(m, Map.of());
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.output()).contains("libb.so: cannot open shared object file");
        assertThat(Fixtures.missingNames(closure)).containsExactly("libb.so");
        assertThat(closure.missing().get(0).requester().name()).isEqualTo("liba.so");
        assertThat(closure.missing().get(0).searched()).isNotEmpty()
                .noneMatch(p -> p.startsWith(m.getParent().resolve("deps").toString()));
        LoaderOracle.Listing oracle = LoaderOracle.nativeList(m, Map.of());
        assertThat(oracle.notFound()).containsExactly("libb.so");
        assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
    }

    @Test
    void ldLibraryPath_comesAfterRpathAndBeforeRunpath() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("first/libx.so.1", "libx.so.1", "x", 1, List.of());
        f.library("second/libx.so.1", "libx.so.1", "x", 2, List.of());
        f.library("third/libx.so.1", "libx.so.1", "x", 3, List.of());
        Path rpath = f.program("rpath/m", List.of("x"), "-L" + dir.resolve("first"), "-l:libx.so.1",
                "-Wl,--disable-new-dtags,-rpath," + dir.resolve("third"));
        Path runpath = f.program("runpath/m", List.of("x"), "-L" + dir.resolve("first"), "-l:libx.so.1",
                "-Wl,--enable-new-dtags,-rpath," + dir.resolve("third"));
        String llp = dir.resolve("second").toString();

        Closure viaRpath = Fixtures.resolve(rpath, Path.of("/"), llp);
        Closure viaLdLibraryPath = Fixtures.resolve(runpath, Path.of("/"), llp);

        assertThat(Fixtures.run(rpath, Map.of("LD_LIBRARY_PATH", llp)).output()).isEqualTo("3 ");
        assertThat(Fixtures.run(runpath, Map.of("LD_LIBRARY_PATH", llp)).output()).isEqualTo("2 ");
        assertThat(viaRpath.objects().get(1).path()).isEqualTo(dir.resolve("third/libx.so.1").toString());
        assertThat(viaRpath.objects().get(1).via()).isEqualTo(FoundVia.RPATH);
        assertThat(viaLdLibraryPath.objects().get(1).path()).isEqualTo(dir.resolve("second/libx.so.1").toString());
        assertThat(viaLdLibraryPath.objects().get(1).via()).isEqualTo(FoundVia.LD_LIBRARY_PATH);
        assertThat(Fixtures.lines(viaLdLibraryPath))
                .isEqualTo(LoaderOracle.nativeList(runpath, Map.of("LD_LIBRARY_PATH", llp)).loaded());
    }

    @Test
    void originInALibrarysRunpath_isTheLibrarysOwnDirectory() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("pkg/private/libp.so.1", "libp.so.1", "p", 40, List.of());
        f.library("pkg/libq.so.1", "libq.so.1", "q", 2, List.of("p"), "-L" + dir.resolve("pkg/private"), "-l:libp.so.1",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/private");
        Path m = f.program("bin/m", List.of("q"), "-L" + dir.resolve("pkg"), "-l:libq.so.1",
                "-Wl,-rpath-link," + dir.resolve("pkg/private"), "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../pkg");

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("42 ");
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
        LoadedObject libp = closure.objects().stream().filter(o -> o.name().equals("libp.so.1")).findFirst().orElseThrow();
        assertThat(libp.path()).isEqualTo(dir.resolve("bin/../pkg/private/libp.so.1").toString());
        assertThat(libp.via()).isEqualTo(FoundVia.RUNPATH);
    }

    @Test
    void originOfASymlinkedProgram_isTheDirectoryOfItsRealFile() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("real/lib/libw.so.1", "libw.so.1", "w", 3, List.of());
        Path real = f.program("real/m", List.of("w"), "-L" + dir.resolve("real/lib"), "-l:libw.so.1",
                "-Wl,-rpath,$ORIGIN/lib");
        java.nio.file.Files.createDirectories(dir.resolve("bin"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("bin/m"), Path.of("../real/m"));

        Closure closure = Fixtures.resolve(link);

        // Executed directly, as the kernel runs it: $ORIGIN comes from /proc/self/exe.
        assertThat(Fixtures.run(link, Map.of()).output()).isEqualTo("3 ");
        LoaderOracle.Listing traced = LoaderOracle.parse(Toolchain.exec(dir, Map.of("LD_TRACE_LOADED_OBJECTS", "1"),
                link.toString()));
        assertThat(Fixtures.lines(closure)).isEqualTo(traced.loaded());
        assertThat(closure.missing()).isEmpty();
    }

    @Test
    void libAndPlatformTokens_expandAsTheLoaderDoes() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        Path probe = f.library("probe/libt.so.1", "libt.so.1", "t", 7, List.of());
        LoaderProfile profile = ProfileDetector.detect(Path.of("/"), dev.nativepack.elf.ElfFile.open(probe));
        f.library("tree/" + profile.dstLib() + "/libt.so.1", "libt.so.1", "t", 8, List.of());
        Path m = f.program("tree/m", List.of("t"), "-L" + dir.resolve("probe"), "-l:libt.so.1",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/$LIB:${ORIGIN}/${LIB}x:$ORIGINAL");

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("8 ");
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
    }

    @Test
    void platformToken_expandsToTheLoadersPlatform() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        Path probe = f.library("probe/libt.so.1", "libt.so.1", "t", 7, List.of());
        LoaderProfile profile = ProfileDetector.detect(Path.of("/"), dev.nativepack.elf.ElfFile.open(probe));
        // One directory per platform name glibc might use on x86_64; the loader picks one of them.
        for (String platform : List.of("x86_64", "haswell", "xeon_phi")) {
            f.library("app/" + platform + "/libt.so.1", "libt.so.1", "t", platform.length(), List.of());
        }
        Path m = f.program("app/m", List.of("t"), "-L" + dir.resolve("probe"), "-l:libt.so.1",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/$PLATFORM");

        Closure closure = Fixtures.resolve(m);

        LoaderOracle.Listing oracle = LoaderOracle.nativeList(m, Map.of());
        assertThat(oracle.loaded().get(0).path()).startsWith(dir.resolve("app") + "/");
        assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
        assertThat(closure.objects().get(1).path()).isEqualTo(dir.resolve("app/" + profile.dstPlatform() + "/libt.so.1").toString());
    }

    @Test
    void nodeflib_rejectsCacheAndSystemDirectoriesForTheLibrarysOwnNeeds() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        // ld 2.40 ignores -z nodeflib, so patchelf sets DF_1_NODEFLIB on a library that needs libz.
        Path libn = f.library("lib/libn.so.1", "libn.so.1", "n", 1, List.of(), "-Wl,--no-as-needed", "-lz");
        Toolchain.run(dir, Map.of(), "patchelf", "--no-default-lib", libn.toString());
        assertThat(dev.nativepack.elf.ElfFile.open(libn).dynamic().noDefaultLib()).isTrue();
        Path m = f.program("m", List.of("n"), "-L" + dir.resolve("lib"), "-l:libn.so.1",
                "-Wl,--enable-new-dtags,-rpath," + dir.resolve("lib"));

        Closure closure = Fixtures.resolve(m);

        LoaderOracle.Listing oracle = LoaderOracle.nativeList(m, Map.of());
        assertThat(oracle.notFound()).containsExactly("libz.so.1");
        assertThat(Fixtures.missingNames(closure)).containsExactly("libz.so.1");
        assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
        assertThat(closure.missing().get(0).searched()).noneMatch(p -> p.startsWith("/lib/") || p.startsWith("/usr/lib/"));
    }

    @Test
    void emptyAndRelativeLdLibraryPathElements_areRelativeToTheWorkingDirectory() throws IOException {
        // The loader and this test's JVM share a working directory, so the library goes below it.
        Path cwd = Path.of(System.getProperty("user.dir"));
        String relative = "target/relative-ld-path-" + System.nanoTime();
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        try {
            new Fixtures(Toolchain.NATIVE, cwd).library(relative + "/libw.so.1", "libw.so.1", "w", 5, List.of());
            Path m = f.program("bin/m", List.of("w"), "-L" + cwd.resolve(relative), "-l:libw.so.1");
            String llp = ":" + relative;

            LoaderOracle.Listing oracle = LoaderOracle.parse(Toolchain.exec(cwd,
                    Map.of("LD_TRACE_LOADED_OBJECTS", "1", "LD_LIBRARY_PATH", llp), LoaderOracle.NATIVE_LOADER.toString(),
                    m.toString()));
            Closure closure = Fixtures.resolve(m, Path.of("/"), llp);

            assertThat(oracle.loaded().get(0).path()).isEqualTo(relative + "/libw.so.1");
            assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
            assertThat(closure.objects().get(1).via()).isEqualTo(FoundVia.LD_LIBRARY_PATH);
        } finally {
            try (var files = java.nio.file.Files.walk(cwd.resolve(relative))) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
