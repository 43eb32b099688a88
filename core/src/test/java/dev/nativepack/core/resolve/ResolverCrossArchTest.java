package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfMachine;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aarch64 objects resolved against the cross sysroot, with the aarch64 loader run under qemu-user
 * (its -L prefix plays the root) as the oracle.
 */
class ResolverCrossArchTest {
    @TempDir
    Path dir;

    private final Path sysroot = Toolchain.AARCH64.sysroot();

    @Test
    void aarch64Program_resolvesAgainstTheSysrootAsTheAarch64LoaderDoes() throws IOException {
        Fixtures f = new Fixtures(Toolchain.AARCH64, dir);
        f.library("lib/libfoo.so.1", "libfoo.so.1", "foo", 1, List.of());
        f.library("lib/libbar.so.1", "libbar.so.1", "bar", 2, List.of("foo"), "-L" + dir.resolve("lib"),
                "-l:libfoo.so.1", "-lm");
        Path m = f.program("bin/m", List.of("bar"), "-L" + dir.resolve("lib"), "-l:libbar.so.1",
                "-Wl,-rpath-link," + dir.resolve("lib"), "-Wl,--disable-new-dtags,-rpath,$ORIGIN/../lib", "-lm");

        Closure closure = Fixtures.resolve(m, sysroot, null);

        assertThat(closure.main().elf().machine()).isEqualTo(ElfMachine.EM_AARCH64);
        assertThat(closure.missing()).isEmpty();
        LoaderOracle.Listing oracle = LoaderOracle.aarch64List(sysroot, m, Map.of());
        assertThat(oracle.exitCode()).isZero();
        assertThat(names(Fixtures.lines(closure))).isEqualTo(names(oracle.loaded()));
        for (LoadedObject o : closure.objects().subList(1, closure.objects().size())) {
            if (o.via() != FoundVia.INTERPRETER) {
                assertThat(oracle.loaded()).contains(new LoaderOracle.Line(o.name(), o.path()));
            }
        }
        Toolchain.Result run = Toolchain.exec(dir, Map.of(), "qemu-aarch64", "-L", sysroot.toString(), m.toString());
        assertThat(run.output()).isEqualTo("3 ");
    }

    @Test
    void aarch64RunpathIsNotInherited_underQemuToo() throws IOException {
        Fixtures f = new Fixtures(Toolchain.AARCH64, dir);
        f.library("deps/libb.so", "libb.so", "b", 2, List.of());
        f.library("lib/liba.so", "liba.so", "a", 1, List.of("b"), "-L" + dir.resolve("deps"), "-l:libb.so");
        Path m = f.program("m", List.of("a"), "-L" + dir.resolve("lib"), "-l:liba.so", "-Wl,-rpath-link," + dir.resolve("deps"),
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib:$ORIGIN/deps");

        Closure closure = Fixtures.resolve(m, sysroot, null);

        LoaderOracle.Listing oracle = LoaderOracle.aarch64List(sysroot, m, Map.of());
        assertThat(oracle.notFound()).containsExactly("libb.so");
        assertThat(Fixtures.missingNames(closure)).containsExactly("libb.so");
    }

    @Test
    void x86Library_onTheAarch64Path_isSkippedAsTheWrongMachine() throws IOException {
        Fixtures arm = new Fixtures(Toolchain.AARCH64, dir);
        Toolchain.NATIVE.sharedLibrary(dir.resolve("x86/libw.so.1"), "w", 1, "-Wl,-soname,libw.so.1");
        arm.library("arm/libw.so.1", "libw.so.1", "w", 7, List.of());
        Path m = arm.program("m", List.of("w"), "-L" + dir.resolve("arm"), "-l:libw.so.1",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/x86:$ORIGIN/arm");

        Closure closure = Fixtures.resolve(m, sysroot, null);

        assertThat(ElfFile.open(dir.resolve("x86/libw.so.1")).machine()).isEqualTo(ElfMachine.EM_X86_64);
        assertThat(closure.objects().get(1).path()).isEqualTo(dir.toRealPath().resolve("arm/libw.so.1").toString());
        Toolchain.Result run = Toolchain.exec(dir, Map.of(), "qemu-aarch64", "-L", sysroot.toString(), m.toString());
        assertThat(run.output()).isEqualTo("7 ");
    }

    private static List<String> names(List<LoaderOracle.Line> lines) {
        return lines.stream().map(l -> l.name().substring(l.name().lastIndexOf('/') + 1)).toList();
    }
}
