package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aarch64 programs built with the cross compiler, audited against the arm64 Lambda target. */
class CrossArchitectureAuditTest {
    @TempDir
    Path dir;

    private static List<Finding> audit(String target, Path buildRoot, Path input) throws Exception {
        return new Auditor(TargetCatalog.builtIn().find(target), buildRoot).audit(List.of(input.toString())).findings();
    }

    @Test
    void anArm64ProgramNeedingGlibc236IsCaughtOnTheArm64TargetAndIsTheWrongArchitectureOnX86() throws Exception {
        Path prog = Toolchain.AARCH64.compile(dir.resolve("rng"),
                "#include <stdlib.h>\nint main(void) { return (int) (arc4random() % 2); }\n");

        List<Finding> arm = audit("aws-lambda/provided.al2023/arm64", Path.of("/"), prog);
        List<Finding> x86 = audit("aws-lambda/provided.al2023/x86_64", Path.of("/"), prog);

        assertThat(arm).filteredOn(f -> f.rule() == Rule.SYMBOL_VERSION).singleElement().satisfies(f -> {
            assertThat(f.evidence()).contains("symbol arc4random@GLIBC_2.36");
            assertThat(f.fix()).contains("zig cc -target aarch64-linux-gnu.2.34");
        });
        assertThat(arm).noneMatch(f -> f.rule() == Rule.WRONG_ARCHITECTURE || f.rule() == Rule.WRONG_INTERPRETER);
        assertThat(x86).extracting(Finding::rule).containsExactly(Rule.WRONG_ARCHITECTURE);
    }

    @Test
    void whatTheArm64TargetLacksIsTakenFromTheCrossSysroot() throws Exception {
        Path prog = Toolchain.AARCH64.compile(dir.resolve("omp"),
                "#include <omp.h>\nint main(void) { return omp_get_max_threads() < 1; }\n", "-fopenmp");

        List<Finding> findings = audit("aws-lambda/provided.al2023/arm64", Path.of("/usr/aarch64-linux-gnu"), prog);

        assertThat(findings).filteredOn(f -> f.rule() == Rule.BUNDLE_REQUIRED).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("libgomp.so.1");
            assertThat(f.evidence()).contains("found on this machine: /usr/aarch64-linux-gnu/lib/libgomp.so.1");
            assertThat(f.fix()).contains("OpenMP").contains("aws-lambda/provided.al2023/arm64");
        });
    }
}
