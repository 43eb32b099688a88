package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.bundle.BundlePlan;
import dev.nativepack.core.bundle.BundlePlanner;
import dev.nativepack.core.bundle.Layout;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lgpl-static on programs linked against real LGPL archives from Debian (glibc's libc.a, GMP's
 * libgmp.a), with nm, readelf and the programs' own output as oracles for what was linked.
 */
class AuditLgplStaticTest {
    private static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    /** Multiplies past a limb, so GMP's allocation and reallocation code is linked in. */
    private static final String GMP = "#include <gmp.h>\n"
            + "int main(void) {\n"
            + "    mpz_t a, b;\n"
            + "    mpz_init_set_str(a, \"123456789012345678901234567890\", 10);\n"
            + "    mpz_init(b);\n"
            + "    mpz_mul(b, a, a);\n"
            + "    gmp_printf(\"%Zd\\n\", b);\n"
            + "    mpz_clear(a);\n"
            + "    mpz_clear(b);\n"
            + "    return 0;\n"
            + "}\n";
    private static final String GMP_SQUARE = "15241578753238836750495351562536198787501905199875019052100";
    private static final Path LIBSNDFILE = Path.of("/usr/lib/x86_64-linux-gnu/libsndfile.so.1");

    @TempDir
    Path dir;

    private static List<Finding> lgplStatic(Path... inputs) throws Exception {
        List<String> names = java.util.Arrays.stream(inputs).map(Path::toString).toList();
        return new Auditor(AuditTargets.host(), Path.of("/")).audit(names).findings().stream()
                .filter(f -> f.rule() == Rule.LGPL_STATIC).toList();
    }

    private Path strip(Path file) throws Exception {
        Path stripped = dir.resolve(file.getFileName() + ".stripped");
        Toolchain.run(dir, Map.of(), "strip", "--strip-all", "-o", stripped.toString(), file.toString());
        return stripped;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-static", "-static-pie"})
    void testCheck_gccStaticLinksGlibcIn(String flag) throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("hello"), HELLO, flag);
        assertThat(Toolchain.run(dir, Map.of(), prog.toString())).isEqualTo("hello\n");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", prog.toString())).doesNotContain("NEEDED");
        assertThat(Toolchain.run(dir, Map.of(), "nm", prog.toString())).containsPattern("[Tt] __libc_setup_tls\n");

        assertThat(lgplStatic(prog)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.file()).isEqualTo(prog.toString());
            assertThat(f.subject()).isEqualTo("glibc");
            assertThat(f.message()).startsWith("hello contains glibc (LGPL-2.1-or-later), linked statically: it defines ")
                    .contains("in .symtab").contains("relink").contains("shared library");
            assertThat(f.evidence()).contains("it defines __libc_setup_tls in .symtab");
            // glibc is never bundled: the fix is the target's copy, not lib/.
            assertThat(f.fix()).contains("without -static").contains("the target provides libc.so.6")
                    .doesNotContain("lib/");
        });
    }

    @Test
    void testCheck_strippedStaticProgramIsRecognisedByGlibcsStrings() throws Exception {
        Path prog = strip(Toolchain.NATIVE.compile(dir.resolve("hello"), HELLO, "-static"));
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-SW", prog.toString())).doesNotContain(".symtab");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-p", ".rodata", prog.toString())).contains("GLIBC_TUNABLES");

        assertThat(lgplStatic(prog)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("glibc");
            assertThat(f.evidence()).anyMatch(e -> e.startsWith("it holds the string \"") && e.endsWith("\" in .rodata"));
        });
    }

    @Test
    void testCheck_staticMuslIsNotGlibcThoughItDefinesLibcStartMain() throws Exception {
        Path src = dir.resolve("m.c");
        Files.writeString(src, HELLO);
        Path prog = dir.resolve("m");
        Toolchain.run(dir, Map.of(), "musl-gcc", "-static", "-o", prog.toString(), src.toString());
        // musl (MIT) has a __libc_start_main too: it cannot be what marks glibc.
        assertThat(Toolchain.run(dir, Map.of(), "nm", prog.toString())).containsPattern("T __libc_start_main\n");

        assertThat(lgplStatic(prog, strip(prog))).isEmpty();
    }

    @Test
    void testCheck_gmpArchiveLinkedIntoADynamicProgram() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("square"), GMP, "-Wl,-Bstatic", "-lgmp", "-Wl,-Bdynamic");
        assertThat(Toolchain.run(dir, Map.of(), prog.toString())).isEqualTo(GMP_SQUARE + "\n");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", prog.toString()))
                .contains("[libc.so.6]").doesNotContain("libgmp");
        assertThat(Toolchain.run(dir, Map.of(), "nm", prog.toString())).contains(" T __gmpz_init\n");

        assertThat(lgplStatic(prog)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("GMP");
            assertThat(f.message()).startsWith("square contains GMP (LGPL-3.0-or-later OR GPL-2.0-or-later), "
                    + "linked statically: it defines ").contains("in .symtab");
            assertThat(f.evidence()).contains("it defines __gmpz_init in .symtab",
                    "it does not load the shared library: no DT_NEEDED entry starts with libgmp.so");
            assertThat(f.fix()).contains("as a shared library").contains("ships libgmp.so* in lib/");
        });
    }

    @Test
    void testCheck_strippedGmpProgramByItsStringExportedOneByItsDynamicSymbols() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("square"), GMP, "-Wl,-Bstatic", "-lgmp", "-Wl,-Bdynamic");
        Path exported = Toolchain.NATIVE.compile(dir.resolve("exported"), GMP, "-rdynamic", "-Wl,-Bstatic", "-lgmp",
                "-Wl,-Bdynamic");
        Path stripped = strip(prog);
        Path strippedExported = strip(exported);
        assertThat(Toolchain.run(dir, Map.of(), "nm", "-D", "--defined-only", strippedExported.toString()))
                .contains(" T __gmpz_init\n");

        assertThat(lgplStatic(stripped)).singleElement().satisfies(f -> assertThat(f.evidence())
                .contains("it holds the string \"gmp: overflow in mpz type\" in .rodata"));
        assertThat(lgplStatic(strippedExported)).singleElement().satisfies(f -> assertThat(f.evidence())
                .contains("it defines __gmpz_init in .dynsym"));
    }

    @Test
    void testCheck_theSameProgramLinkedDynamicallyIsClean() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("square"), GMP, "-lgmp");
        assertThat(Toolchain.run(dir, Map.of(), prog.toString())).isEqualTo(GMP_SQUARE + "\n");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", prog.toString())).contains("[libgmp.so.10]");

        assertThat(lgplStatic(prog, strip(prog))).isEmpty();
    }

    @Test
    void testCheck_anLgplLibraryIsNotItsOwnStaticCopy() throws Exception {
        // libsndfile defines every marker of its own; as itself (its soname) it is not reported.
        assertThat(Toolchain.run(dir, Map.of(), "nm", "-D", "--defined-only", LIBSNDFILE.toString()))
                .contains(" T sf_open@@").contains(" T sf_version_string@@");
        Path libgmp = Path.of("/usr/lib/x86_64-linux-gnu/libgmp.so.10");

        assertThat(lgplStatic(LIBSNDFILE, libgmp)).isEmpty();
    }

    @Test
    void testCheck_aCopyUnderAnotherSonameIsReported() throws Exception {
        // The same code as libsndfile.so.1, but renamed: a vendor library that carries libsndfile inside.
        Path copy = dir.resolve("libvendor.so");
        Toolchain.run(dir, Map.of(), "objcopy", LIBSNDFILE.toRealPath().toString(), copy.toString());
        Toolchain.run(dir, Map.of(), "patchelf", "--set-soname", "libvendor.so", copy.toString());

        assertThat(lgplStatic(copy)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("libsndfile");
            assertThat(f.evidence()).contains("it defines sf_open in .dynsym");
        });
    }

    @Test
    void testPlan_bundleKeepsTheWarningAndDoesNotRefuse() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("square"), GMP, "-Wl,-Bstatic", "-lgmp", "-Wl,-Bdynamic");

        BundlePlan plan = new BundlePlanner(AuditTargets.host(), Path.of("/"), Set.of())
                .plan(List.of(prog), Layout.FUNCTION, List.of());

        assertThat(plan.warnings()).filteredOn(f -> f.rule() == Rule.LGPL_STATIC).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("square contains GMP"));
    }
}
