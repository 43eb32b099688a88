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
 * Which files the loader accepts while searching (research/elf.md §2.6, §2.9): other classes and
 * machines are skipped, an invalid file stops the load, and glibc-hwcaps subdirectories come first.
 */
class ResolverCandidateTest {
    @TempDir
    Path dir;

    private Path programNeedingW(Fixtures f, String rpath) throws IOException {
        f.library("link/libw.so.1", "libw.so.1", "w", 64, List.of());
        return f.program("m", List.of("w"), "-L" + dir.resolve("link"), "-l:libw.so.1",
                "-Wl,--disable-new-dtags,-rpath," + rpath);
    }

    @Test
    void wrongClassAndWrongMachine_areSkippedAndTheSearchGoesOn() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        Files.createDirectories(dir.resolve("elf32"));
        Toolchain.run(dir, Map.of(), "gcc", "-m32", "-shared", "-nostdlib", "-fPIC", "-Wl,-soname,libw.so.1", "-o",
                dir.resolve("elf32/libw.so.1").toString(), "-x", "c", "/dev/null");
        Toolchain.AARCH64.sharedLibrary(dir.resolve("arm/libw.so.1"), "w", 1, "-Wl,-soname,libw.so.1");
        f.library("good/libw.so.1", "libw.so.1", "w", 64, List.of());
        Path m = programNeedingW(f, dir.resolve("elf32") + ":" + dir.resolve("arm") + ":" + dir.resolve("good"));

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).isEqualTo("64 ");
        assertThat(closure.objects().get(1).path()).isEqualTo(dir.resolve("good/libw.so.1").toString());
        assertThat(Fixtures.lines(closure)).isEqualTo(LoaderOracle.nativeList(m, Map.of()).loaded());
    }

    @Test
    void onlyWrongClassFiles_failWithWrongElfClass() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        Files.createDirectories(dir.resolve("elf32"));
        Toolchain.run(dir, Map.of(), "gcc", "-m32", "-shared", "-nostdlib", "-fPIC", "-Wl,-soname,libw.so.1", "-o",
                dir.resolve("elf32/libw.so.1").toString(), "-x", "c", "/dev/null");
        Path m = programNeedingW(f, dir.resolve("elf32").toString());
        Files.delete(dir.resolve("link/libw.so.1"));

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).contains("wrong ELF class: ELFCLASS32");
        assertThat(closure.missing()).singleElement().satisfies(miss -> {
            assertThat(miss.name()).isEqualTo("libw.so.1");
            assertThat(miss.reason()).isEqualTo(MissingLibrary.Reason.WRONG_CLASS);
            assertThat(miss.searched()).contains(dir.resolve("elf32/libw.so.1").toString());
        });
    }

    @Test
    void anInvalidFileEarlierOnThePath_stopsTheLoad() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        // A linker script, longer than an ELF header, where a library is expected.
        Fixtures.write(dir.resolve("bad/libw.so.1"), "/* GNU ld script */\nOUTPUT_FORMAT(elf64-x86-64)\nGROUP ( libw.so.1.real )\n");
        f.library("good/libw.so.1", "libw.so.1", "w", 64, List.of());
        Path m = programNeedingW(f, dir.resolve("bad") + ":" + dir.resolve("good"));

        Closure closure = Fixtures.resolve(m);

        Toolchain.Result run = Fixtures.run(m, Map.of());
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.output()).contains("libw.so.1: invalid ELF header");
        assertThat(closure.missing()).singleElement().satisfies(miss -> {
            assertThat(miss.reason()).isEqualTo(MissingLibrary.Reason.INVALID_FILE);
            assertThat(miss.detail()).contains("invalid ELF header").contains(dir.resolve("bad/libw.so.1").toString());
        });
    }

    @Test
    void aShortFile_isTooShortForTheLoader() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        Fixtures.write(dir.resolve("bad/libw.so.1"), "\u007fELF tiny");
        f.library("good/libw.so.1", "libw.so.1", "w", 64, List.of());
        Path m = programNeedingW(f, dir.resolve("bad") + ":" + dir.resolve("good"));

        Closure closure = Fixtures.resolve(m);

        assertThat(Fixtures.run(m, Map.of()).output()).contains("file too short");
        assertThat(closure.missing()).singleElement().extracting(MissingLibrary::detail).asString().contains("file too short");
    }

    @Test
    void glibcHwcapsSubdirectory_isPreferredAsTheLoaderPrefersIt() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("lib/glibc-hwcaps/x86-64-v2/libw.so.1", "libw.so.1", "w", 2, List.of());
        f.library("lib/libw.so.1", "libw.so.1", "w", 1, List.of());
        Path m = programNeedingW(f, dir.resolve("lib").toString());

        Closure closure = Fixtures.resolve(m);

        LoaderOracle.Listing oracle = LoaderOracle.nativeList(m, Map.of());
        // The CI machine's CPU decides; whatever the loader picks, we must pick the same.
        assertThat(Fixtures.lines(closure)).isEqualTo(oracle.loaded());
        assertThat(closure.objects().get(1).path()).isEqualTo(Fixtures.run(m, Map.of()).output().equals("2 ")
                ? dir.resolve("lib/glibc-hwcaps/x86-64-v2/libw.so.1").toString() : dir.resolve("lib/libw.so.1").toString());
    }

    @Test
    void symlinkLoopInsideTheRoot_isNotFoundInsteadOfHanging() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("usr/lib/libloop.so.1"), Path.of("/lib/libloop.so.2"));
        Files.createSymbolicLink(root.resolve("usr/lib/libloop.so.2"), Path.of("/lib/libloop.so.1"));
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("link/libloop.so.1", "libloop.so.1", "w", 1, List.of());
        Path m = f.program("m", List.of("w"), "-L" + dir.resolve("link"), "-l:libloop.so.1");

        Closure closure = resolveWithPlainLib(m, root);

        assertThat(closure.missing()).extracting(MissingLibrary::name).contains("libloop.so.1");
        assertThat(closure.missing().get(0).searched()).contains("/lib/libloop.so.1", "/usr/lib/libloop.so.1");
    }

    @Test
    void absoluteSymlinksInsideTheRoot_resolveAgainstTheRoot() throws IOException {
        Path root = dir.resolve("root");
        Fixtures f = new Fixtures(Toolchain.NATIVE, root);
        f.library("opt/real/libw.so.1", "libw.so.1", "w", 1, List.of());
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("usr/lib/libw.so.1"), Path.of("/opt/real/libw.so.1"));
        Path m = f.program("m", List.of("w"), "-L" + root.resolve("opt/real"), "-l:libw.so.1");

        Closure closure = resolveWithPlainLib(m, root);

        assertThat(closure.missing()).extracting(MissingLibrary::name).containsExactly("libc.so.6");
        assertThat(closure.objects().get(1).path()).isEqualTo("/usr/lib/libw.so.1");
        assertThat(closure.objects().get(1).hostPath().toRealPath()).isEqualTo(root.resolve("opt/real/libw.so.1").toRealPath());
    }

    /** A root without a libc: the loader profile says /lib:/usr/lib explicitly. */
    private static Closure resolveWithPlainLib(Path m, Path root) throws IOException {
        LoaderProfile profile = LoaderProfile.builder().systemDirs(List.of("/lib", "/usr/lib")).dstLib("lib").build();
        return new Resolver(profile, root).resolve(m);
    }
}
