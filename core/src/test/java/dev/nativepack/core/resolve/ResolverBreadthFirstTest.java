package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load order and already-loaded matching (research/elf.md §2.1, §2.2, §2.12): the cases where
 * per-node and depth-first tools (libtree, lddtree) disagree with the loader. The program's output
 * shows which copy of libfoo the real loader bound.
 */
class ResolverBreadthFirstTest {
    @TempDir
    Path dir;

    /** x/ and sys/ each hold a libfoo.so.1 whose foo() returns 1 or 2. */
    private Fixtures twoCopiesOfFoo() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("x/libfoo.so.1", "libfoo.so.1", "foo", 1, List.of());
        f.library("sys/libfoo.so.1", "libfoo.so.1", "foo", 2, List.of());
        return f;
    }

    private Path libraryNeedingFoo(Fixtures f, String name, String function, String runpath, String... extra)
            throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("-L" + dir.resolve("x"), "-l:libfoo.so.1",
                "-Wl,--enable-new-dtags,-rpath," + runpath));
        args.addAll(List.of(extra));
        return f.library("lib/" + name, name, function, 0, List.of("foo"), args.toArray(String[]::new));
    }

    private Path program(Fixtures f, String... libs) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("-L" + dir.resolve("lib"), "-Wl,--no-as-needed"));
        for (String l : libs) {
            args.add("-l:" + l);
        }
        args.addAll(List.of("-Wl,-rpath-link," + dir.resolve("x"), "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib"));
        return f.program("m", List.of("a", "b"), args.toArray(String[]::new));
    }

    @Test
    void firstRequesterWins_laterRequestersGetTheSameCopy() throws IOException {
        Fixtures f = twoCopiesOfFoo();
        libraryNeedingFoo(f, "liba.so", "a", "$ORIGIN/../x");
        libraryNeedingFoo(f, "libb.so", "b", "$ORIGIN/../sys");
        Path m = program(f, "liba.so", "libb.so");

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("1 1 ");
        LoadedObject foo = byName(closure, "libfoo.so.1");
        assertThat(foo.path()).endsWith("/x/libfoo.so.1");
        assertThat(foo.loader().name()).isEqualTo("liba.so");
        Dependency fromB = closure.dependencies().stream()
                .filter(d -> d.requester().name().equals("libb.so") && d.name().equals("libfoo.so.1")).findFirst().orElseThrow();
        assertThat(fromB.alreadyLoaded()).isTrue();
        assertThat(fromB.provider()).isSameAs(foo);
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
    }

    @Test
    void breadthFirst_aSiblingsDirectNeedBeatsADeeperOne() throws IOException {
        Fixtures f = twoCopiesOfFoo();
        libraryNeedingFoo(f, "libc1.so", "c1", "$ORIGIN/../x");
        f.library("lib/liba.so", "liba.so", "a", 0, List.of("c1"), "-L" + dir.resolve("lib"), "-l:libc1.so",
                "-Wl,-rpath-link," + dir.resolve("x"), "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        libraryNeedingFoo(f, "libb.so", "b", "$ORIGIN/../sys");
        Path m = program(f, "liba.so", "libb.so");

        Closure closure = Fixtures.resolve(m);

        // libb (depth 1) asks for libfoo before libc1 (depth 2) does, so sys/ wins for both.
        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("2 2 ");
        assertThat(byName(closure, "libfoo.so.1").path()).endsWith("/sys/libfoo.so.1");
        assertThat(byName(closure, "libfoo.so.1").loader().name()).isEqualTo("libb.so");
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
    }

    @Test
    void sonameMatch_reusesALibraryRequestedUnderAnotherFileName() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        // The file is named libfoo-1.2.so but its SONAME is libfoo.so.1; one requester names the file.
        Path real = f.library("lib/libfoo-1.2.so", "libfoo.so.1", "foo", 5, List.of());
        Files.copy(real, dir.resolve("lib/libfoo.so.1"));
        f.library("lib/liba.so", "liba.so", "a", 0, List.of("foo"), "-L" + dir.resolve("lib"), "-l:libfoo-1.2.so",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        Path libb = f.library("lib/libb.so", "libb.so", "b", 0, List.of("foo"), "-L" + dir.resolve("lib"),
                "-l:libfoo.so.1", "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        assertThat(dev.nativepack.elf.ElfFile.open(libb).dynamic().needed()).contains("libfoo.so.1");
        Path m = f.program("m", List.of("a", "b"), "-L" + dir.resolve("lib"), "-Wl,--no-as-needed", "-l:liba.so",
                "-l:libb.so", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib");

        Closure closure = Fixtures.resolve(m);

        LoaderOracle.Listing oracle = LoaderOracle.nativeList(m, Map.of());
        assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
        assertThat(closure.objects()).filteredOn(o -> "libfoo.so.1".equals(o.soname())).hasSize(1);
    }

    @Test
    void sameFileUnderTwoNames_isLoadedOnce() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("lib/libfoo.so.1", "libfoo.so.1", "foo", 5, List.of());
        Files.createSymbolicLink(dir.resolve("lib/libalias.so"), Path.of("libfoo.so.1"));
        f.library("lib/liba.so", "liba.so", "a", 0, List.of("foo"), "-L" + dir.resolve("lib"), "-l:libalias.so",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        f.library("lib/libb.so", "libb.so", "b", 0, List.of("foo"), "-L" + dir.resolve("lib"), "-l:libfoo.so.1",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        // Patch liba's NEEDED to the alias name, which its SONAME does not match.
        Path m = f.program("m", List.of("a", "b"), "-L" + dir.resolve("lib"), "-Wl,--no-as-needed", "-l:liba.so",
                "-l:libb.so", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib");
        Toolchain.run(dir, Map.of(), "patchelf", "--replace-needed", "libfoo.so.1", "libalias.so",
                dir.resolve("lib/liba.so").toString());

        Closure closure = Fixtures.resolve(m);

        LoaderOracle.Listing oracle = LoaderOracle.nativeList(m, Map.of());
        assertThat(oracle.loaded()).extracting(LoaderOracle.Line::name).contains("libalias.so").doesNotContain("libfoo.so.1");
        assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
        assertThat(byName(closure, "libalias.so").names()).contains("libalias.so", "libfoo.so.1");
    }

    @Test
    void dependencyCycle_endsWithEachLibraryLoadedOnce() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("lib/libcyc2.so", "libcyc2.so", "c2", 2, List.of());
        f.library("lib/libcyc1.so", "libcyc1.so", "c1", 1, List.of("c2"), "-L" + dir.resolve("lib"), "-l:libcyc2.so",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        // Relink libcyc2 so that it needs libcyc1 as well: a cycle.
        f.library("lib/libcyc2.so", "libcyc2.so", "c2", 2, List.of(), "-L" + dir.resolve("lib"), "-Wl,--no-as-needed",
                "-l:libcyc1.so", "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        Path m = f.program("m", List.of("c1"), "-L" + dir.resolve("lib"), "-l:libcyc1.so",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib");

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("3 ");
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
        assertThat(closure.dependencies()).anyMatch(d -> d.requester().name().equals("libcyc2.so")
                && d.name().equals("libcyc1.so") && d.alreadyLoaded());
    }

    @Test
    void neededWithASlash_isOpenedAsAPathRelativeToTheOrigin() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        // Without a SONAME, ld records the path the library was linked by as the NEEDED string.
        Toolchain.NATIVE.sharedLibrary(dir.resolve("plugins/libplug.so"), "plug", 9);
        Path m = f.program("m", List.of("plug"), dir.resolve("plugins/libplug.so").toString());
        Toolchain.run(dir, Map.of(), "patchelf", "--replace-needed", dir.resolve("plugins/libplug.so").toString(),
                "$ORIGIN/plugins/libplug.so", m.toString());

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("9 ");
        LoadedObject plug = closure.objects().get(1);
        assertThat(plug.via()).isEqualTo(FoundVia.DIRECT);
        assertThat(plug.path()).isEqualTo(dir.toRealPath().resolve("plugins/libplug.so").toString());
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
    }

    private static LoadedObject byName(Closure c, String name) {
        return c.objects().stream().filter(o -> o.names().contains(name)).findFirst().orElseThrow();
    }
}
