package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule on a program compiled for it, audited against a target made from this machine. */
class AuditRulesTest {
    private static final String MAIN = "int main(void) { return 0; }\n";

    @TempDir
    Path dir;

    private static List<Finding> audit(Target target, Path... inputs) throws Exception {
        List<String> names = java.util.Arrays.stream(inputs).map(Path::toString).toList();
        return new Auditor(target, Path.of("/")).audit(names).findings();
    }

    private static List<Finding> of(List<Finding> findings, Rule rule) {
        return findings.stream().filter(f -> f.rule() == rule).toList();
    }

    @Test
    void aSymbolVersionNewerThanTheTargetNamesTheVersionTheLibraryAndEverySymbol() throws Exception {
        // arc4random and arc4random_uniform arrived in glibc 2.36; the target stops at 2.34.
        Path prog = Toolchain.NATIVE.compile(dir.resolve("rng"), "#include <stdlib.h>\n"
                + "int main(void) { return (int) (arc4random() % 2 + arc4random_uniform(3)); }\n");
        Target target = AuditTargets.olderFamily(AuditTargets.host(), "GLIBC", "2.34");

        List<Finding> findings = of(audit(target, prog), Rule.SYMBOL_VERSION);

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("GLIBC_2.36").contains("libc.so.6").contains("at most GLIBC_2.34");
        assertThat(f.evidence()).contains("symbol arc4random@GLIBC_2.36", "symbol arc4random_uniform@GLIBC_2.36");
        assertThat(f.fix()).contains("glibc cannot be bundled").contains("zig cc -target x86_64-linux-gnu.2.34");
    }

    @Test
    void theSameProgramIsCleanOnATargetWithTheVersion() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("rng"), "#include <stdlib.h>\n"
                + "int main(void) { return (int) (arc4random() % 2); }\n");

        assertThat(audit(AuditTargets.host(), prog)).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();
    }

    @Test
    void aNewerLibstdcxxIsFixedByBundlingItOrLinkingItStatically() throws Exception {
        Path src = dir.resolve("hello.cc");
        Files.writeString(src, "#include <string>\n#include <iostream>\n"
                + "int main(int argc, char **argv) { std::string s(argv[0]); std::cout << s.size() << std::endl; }\n");
        Path prog = dir.resolve("hello");
        Toolchain.run(dir, Map.of(), "g++", "-O1", "-o", prog.toString(), src.toString());
        // std::string of the C++11 ABI needs GLIBCXX_3.4.21; this target stops at 3.4.19.
        Target target = AuditTargets.olderFamily(AuditTargets.host(), "GLIBCXX", "3.4.19");

        List<Finding> findings = of(audit(target, prog), Rule.SYMBOL_VERSION);

        assertThat(findings).isNotEmpty();
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.message()).contains("libstdc++.so.6").contains("at most GLIBCXX_3.4.19");
            assertThat(f.fix()).contains("-static-libstdc++").contains("Bundle this machine's libstdc++.so.6");
        });
        assertThat(findings).flatExtracting(Finding::evidence).anyMatch(e -> e.startsWith("symbol _ZNSt7__cxx11"));
    }

    @Test
    void aLibraryFoundNowhereIsMissingWithWhereItWasSearched() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("libgone.so.1"), "gone", 1, "-Wl,-soname,libgone.so.1");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("prog"), "int gone(void); int main(void) { return gone(); }\n",
                lib.toString());
        Files.delete(lib);

        List<Finding> findings = of(audit(AuditTargets.host(), prog), Rule.MISSING_LIBRARY);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("libgone.so.1");
            assertThat(f.message()).contains("not in the inputs, not on the target and not on this machine");
            assertThat(f.evidence()).anyMatch(e -> e.startsWith("searched /"));
            assertThat(f.evidence()).anyMatch(e -> e.startsWith("searched this machine: "));
        });
    }

    @Test
    void aLibraryOnlyThisMachineHasMustBeBundled() throws Exception {
        Target target = AuditTargets.without(AuditTargets.host(), n -> n.startsWith("libgdal.so"));

        List<Finding> findings = of(audit(target, Path.of("/usr/bin/gdalinfo")), Rule.BUNDLE_REQUIRED);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("libgdal.so.32");
            assertThat(f.evidence()).anyMatch(e -> e.startsWith("found on this machine: ") && e.endsWith("libgdal.so.32"));
        });
    }

    @Test
    void knownMissingLibrariesGetTheirOwnAdvice() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("libcrypt.so.1"), "gone", 1, "-Wl,-soname,libcrypt.so.1");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("prog"), "int gone(void); int main(void) { return gone(); }\n",
                lib.toString());
        Files.delete(lib);
        Target target = AuditTargets.without(AuditTargets.host(), n -> n.equals("libcrypt.so.1"));

        List<Finding> findings = audit(target, prog);

        assertThat(findings).filteredOn(f -> "libcrypt.so.1".equals(f.subject())).isNotEmpty()
                .allSatisfy(f -> assertThat(f.fix()).contains("libxcrypt").contains("test/this-machine/x86_64"));
    }

    @Test
    void aProgramForAnotherArchitectureIsReportedAndNotResolved() throws Exception {
        Path prog = Toolchain.AARCH64.compile(dir.resolve("arm"), MAIN);

        List<Finding> findings = audit(AuditTargets.host(), prog);

        assertThat(of(findings, Rule.WRONG_ARCHITECTURE)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("aarch64").contains("the target is x86_64"));
        assertThat(of(findings, Rule.MISSING_LIBRARY)).isEmpty();
    }

    @Test
    void aMuslProgramOnAGlibcTargetIsTheWrongCLibrary() throws Exception {
        Toolchain.requireTool("musl-gcc");
        Path src = dir.resolve("m.c");
        Files.writeString(src, "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        Path prog = dir.resolve("m");
        Toolchain.run(dir, Map.of(), "musl-gcc", "-o", prog.toString(), src.toString());

        List<Finding> findings = audit(AuditTargets.host(), prog);

        assertThat(of(findings, Rule.WRONG_LIBC)).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("musl").contains("glibc");
            assertThat(f.evidence()).anyMatch(e -> e.contains("ld-musl-x86_64.so.1"));
        });
    }

    @Test
    void searchPathsThatDoNotTravelAreReported() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("paths"), MAIN,
                "-Wl,-rpath,/home/builder/project/build/lib:/opt/vendor/lib:$ORIGIN/lib:lib");

        List<Finding> findings = audit(AuditTargets.host(), prog);

        assertThat(of(findings, Rule.BUILD_TREE_RPATH)).extracting(Finding::subject)
                .containsExactlyInAnyOrder("/home/builder/project/build/lib", "lib");
        assertThat(of(findings, Rule.ABSOLUTE_RPATH)).extracting(Finding::subject).containsExactly("/opt/vendor/lib");
        assertThat(findings).noneMatch(f -> "$ORIGIN/lib".equals(f.subject()));
        assertThat(of(findings, Rule.BUILD_TREE_RPATH).get(0).message()).contains("RUNPATH");
    }

    @Test
    void anExecutableStackIsReportedAndANormalOneIsNot() throws Exception {
        Path exec = Toolchain.NATIVE.compile(dir.resolve("xstack"), MAIN, "-z", "execstack");
        Path normal = Toolchain.NATIVE.compile(dir.resolve("normal"), MAIN, "-z", "noexecstack");

        List<Finding> findings = of(audit(AuditTargets.host(), exec, normal), Rule.EXECUTABLE_STACK);

        assertThat(findings).extracting(Finding::file).containsExactly(exec.toString());
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-lW", exec.toString())).containsPattern("GNU_STACK.*RWE");
    }

    @Test
    void textRelocationsAreReportedAsReadelfSeesThem() throws Exception {
        Path lib = Toolchain.NATIVE.compile(dir.resolve("libtext.so"),
                "static int counter; int *where(void) { return &counter; }\n", "-shared", "-fno-PIC",
                "-mcmodel=large", "-Wl,-z,notext");
        Path clean = Toolchain.NATIVE.sharedLibrary(dir.resolve("libclean.so"), "f", 1);

        List<Finding> findings = of(audit(AuditTargets.host(), lib, clean), Rule.TEXT_RELOCATIONS);

        assertThat(findings).extracting(Finding::file).containsExactly(lib.toString());
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", lib.toString())).contains("TEXTREL");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", clean.toString())).doesNotContain("TEXTREL");
    }

    @Test
    void debugInformationIsMeasuredAgainstWhatStripRemoves() throws Exception {
        StringBuilder src = new StringBuilder("#include <stdio.h>\n");
        for (int i = 0; i < 300; i++) {
            src.append("struct s").append(i).append(" { int a; long b; char c[").append(i + 1).append("]; };\n")
                    .append("int f").append(i).append("(struct s").append(i).append(" *p) { return p->a + (int) p->b + p->c[0]; }\n");
        }
        src.append("int main(void) { return 0; }\n");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("debug"), src.toString(), "-g");
        Path stripped = dir.resolve("stripped");
        Toolchain.run(dir, Map.of(), "strip", "--strip-all", "-o", stripped.toString(), prog.toString());
        long saved = Files.size(prog) - Files.size(stripped);

        Finding f = of(audit(AuditTargets.host(), prog), Rule.DEBUG_INFO).get(0);

        long claimed = Long.parseLong(f.message().replaceAll(".*save ([0-9.]+) (KiB|MiB|bytes).*", "$1").replace(".", ""));
        assertThat(f.severity()).isEqualTo(Severity.NOTE);
        assertThat(f.message()).contains("stripping would save");
        // The claim counts the sections strip removes; strip also drops their headers and names.
        String unit = f.message().replaceAll(".*save [0-9.]+ (KiB|MiB|bytes).*", "$1");
        double claimedBytes = unit.equals("KiB") ? claimed * 102.4 : unit.equals("MiB") ? claimed * 104857.6 : claimed;
        assertThat(claimedBytes).isBetween(saved * 0.85, saved * 1.0 + 1024);
    }

    @Test
    void aPackageThatCarriesGlibcIsRefused() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("bootstrap"), MAIN);
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("bootstrap", prog);
        entries.put("lib/libc.so.6", Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
        Path zip = TestZips.write(dir.resolve("function.zip"), entries);

        List<Finding> findings = of(audit(AuditTargets.host(), zip), Rule.NEVER_BUNDLE);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(zip + "!/lib/libc.so.6");
            assertThat(f.message()).contains("the C library (glibc)");
        });
    }

    @Test
    void aLibraryNeedingGlibcPrivateIsFlagged() throws Exception {
        Path script = dir.resolve("priv.map");
        Files.writeString(script, "GLIBC_PRIVATE { global: priv_fn; local: *; };\n");
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("libpriv.so"), "priv_fn", 2,
                "-Wl,--version-script=" + script, "-Wl,-soname,libpriv.so");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("prog"), "int priv_fn(void); int main(void) { return priv_fn(); }\n",
                lib.toString(), "-Wl,-rpath,$ORIGIN");

        List<Finding> findings = of(audit(AuditTargets.host(), prog), Rule.GLIBC_PRIVATE);

        assertThat(findings).singleElement().satisfies(f -> assertThat(f.message()).contains("GLIBC_PRIVATE from libpriv.so"));
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-VW", prog.toString())).contains("GLIBC_PRIVATE");
    }

    @Test
    void aBundledLibraryLosesToTheTargetsCopyFoundFirstAndWinsWithRpath() throws Exception {
        // Lambda-like: the system directory comes before the task root's lib/ on LD_LIBRARY_PATH.
        Target target = AuditTargets.withLdLibraryPath(AuditTargets.host(),
                "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/var/task/lib");
        String source = "#include <zlib.h>\nint main(void) { return zlibVersion()[0] == 0; }\n";
        Path plain = Toolchain.NATIVE.compile(dir.resolve("plain/bootstrap"), source, "-lz");
        Path withRpath = Toolchain.NATIVE.compile(dir.resolve("rpath/bootstrap"), source, "-lz",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/lib");
        Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1").toRealPath();

        Path loses = TestZips.write(dir.resolve("loses.zip"), Map.of("bootstrap", plain, "lib/libz.so.1", libz));
        Path wins = TestZips.write(dir.resolve("wins.zip"), Map.of("bootstrap", withRpath, "lib/libz.so.1", libz));

        assertThat(of(audit(target, loses), Rule.SHADOWED_LIBRARY)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("libz.so.1");
            assertThat(f.message()).contains(loses + "!/lib/libz.so.1").contains("LD_LIBRARY_PATH");
        });
        assertThat(of(audit(target, wins), Rule.SHADOWED_LIBRARY)).isEmpty();

        // The real loader, with the same search path on this machine, agrees on which copy loads.
        for (Path bootstrap : List.of(plain, withRpath)) {
            Files.createDirectories(bootstrap.resolveSibling("lib"));
            Files.copy(libz, bootstrap.resolveSibling("lib/libz.so.1"));
        }
        String path = "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:";
        assertThat(Toolchain.run(dir, Map.of("LD_LIBRARY_PATH", path + plain.resolveSibling("lib")),
                "/lib64/ld-linux-x86-64.so.2", "--list", plain.toString()))
                .contains("libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1");
        assertThat(Toolchain.run(dir, Map.of("LD_LIBRARY_PATH", path + withRpath.resolveSibling("lib")),
                "/lib64/ld-linux-x86-64.so.2", "--list", withRpath.toString()))
                .contains("libz.so.1 => " + withRpath.resolveSibling("lib") + "/libz.so.1");
    }

    @Test
    void sizesBeyondTheLimitsAreErrorsAndCloseToThemWarnings() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("bootstrap"), MAIN);
        Path zip = TestZips.write(dir.resolve("f.zip"), Map.of("bootstrap", prog));
        long size = Files.size(prog);

        List<Finding> over = of(audit(AuditTargets.withLimits(AuditTargets.host(), 100, size - 1), zip), Rule.SIZE_LIMIT);
        List<Finding> close = of(audit(AuditTargets.withLimits(AuditTargets.host(), 1 << 30, size + 1), zip),
                Rule.SIZE_LIMIT);

        assertThat(over).extracting(Finding::subject, Finding::severity)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("unpacked", Severity.ERROR),
                        org.assertj.core.groups.Tuple.tuple("zipped", Severity.ERROR));
        assertThat(close).extracting(Finding::subject, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("unpacked", Severity.WARNING));
    }
}
