package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory or zip deployed at provided.al2023's task root (/var/task), whose LD_LIBRARY_PATH
 * lists /var/task itself: a library beside the bootstrap is found there, as Lambda's loader finds
 * it; and the target's own copy still wins when the target's directories come first.
 */
class AuditTaskRootTest {
    @TempDir
    static Path dir;
    static Target al2023;

    @BeforeAll
    static void target() throws Exception {
        al2023 = TargetCatalog.builtIn().find("aws-lambda/provided.al2023/x86_64");
        assertThat(al2023.layout().taskRoot()).isEqualTo("/var/task");
        assertThat(al2023.loader().ldLibraryPath().split(":")).contains("/var/task");
    }

    private static AuditReport audit(Target target, Path input) throws Exception {
        return new Auditor(target, Path.of("/")).audit(List.of(input.toString()));
    }

    private static List<Finding> of(AuditReport report, Rule rule) {
        return report.findings().stream().filter(f -> f.rule() == rule).toList();
    }

    /** The bug report's function: main needs libf.so.1, which lies beside it, and nothing else. */
    private static Path function(Path tree) throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(tree.resolve("libf.so.1"), "f", 7, "-Wl,-soname,libf.so.1");
        Toolchain.NATIVE.compile(tree.resolve("main"), "int f(void); int main(void) { return f(); }\n", lib.toString());
        return tree;
    }

    @Test
    void aLibraryBesideTheProgramAtTheTaskRootIsFoundThroughLdLibraryPath() throws Exception {
        Path tree = function(dir.resolve("app"));
        Path zip = dir.resolve("app.zip");
        Toolchain.run(tree, Map.of(), "zip", "-q", zip.toString(), "main", "libf.so.1");

        for (Path input : List.of(tree, zip)) {
            AuditReport report = audit(al2023, input);

            assertThat(report.filesAudited()).as(input.toString()).isEqualTo(2);
            assertThat(report.findings()).as(input.toString()).noneMatch(f -> f.severity() == Severity.ERROR);
            assertThat(of(report, Rule.MISSING_LIBRARY)).as(input.toString()).isEmpty();
            assertThat(report.librariesToBundle()).as(input.toString()).isZero();
        }

        // The real loader, the directory on LD_LIBRARY_PATH as /var/task is on Lambda's, runs it.
        Path main = tree.resolve("main");
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", tree.toString());
        assertThat(Toolchain.exec(tree, env, main.toString()).exitCode()).isEqualTo(7);
        assertThat(Toolchain.run(tree, env, "/lib64/ld-linux-x86-64.so.2", "--list", main.toString()))
                .contains("libf.so.1 => " + tree.resolve("libf.so.1"));
    }

    @Test
    void withoutTheLibraryTheTaskRootIsSearchedAndItIsMissing() throws Exception {
        Path tree = function(dir.resolve("gone"));
        Files.delete(tree.resolve("libf.so.1"));

        AuditReport report = audit(al2023, tree);

        assertThat(of(report, Rule.MISSING_LIBRARY)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("libf.so.1");
            assertThat(f.file()).isEqualTo(tree + "/main");
            assertThat(f.evidence()).contains("searched /var/task/libf.so.1", "searched /var/task/lib/libf.so.1");
        });
        Toolchain.Result run = Toolchain.exec(tree, Map.of("LD_LIBRARY_PATH", tree.toString()),
                tree.resolve("main").toString());
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.output()).contains("libf.so.1: cannot open shared object file");
    }

    @Test
    void aCopyAtTheTaskRootLosesToTheTargetsWhenItsDirectoriesComeFirstAndWinsOtherwise() throws Exception {
        // provided.al2023 has libz.so.1 in /usr/lib64, and /lib64 comes before /var/task.
        Path tree = dir.resolve("zlib");
        Path bootstrap = Toolchain.NATIVE.compile(tree.resolve("bootstrap"),
                "#include <zlib.h>\nint main(void) { return zlibVersion()[0] == 0; }\n", "-lz");
        Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1").toRealPath();
        Files.copy(libz, tree.resolve("libz.so.1"));
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("bootstrap", bootstrap);
        entries.put("libz.so.1", libz);
        Path zip = TestZips.write(dir.resolve("zlib.zip"), entries);
        Target taskFirst = AuditTargets.withLdLibraryPath(al2023, "/var/task:/lib64:/usr/lib64");

        for (Path input : List.of(tree, zip)) {
            String copy = input.equals(zip) ? zip + "!/libz.so.1" : tree + "/libz.so.1";
            AuditReport loses = audit(al2023, input);
            AuditReport wins = audit(taskFirst, input);

            assertThat(of(loses, Rule.SHADOWED_LIBRARY)).as(input.toString()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
                assertThat(f.subject()).isEqualTo("libz.so.1");
                assertThat(f.message()).contains(copy).contains("/lib64/libz.so.1").contains("LD_LIBRARY_PATH");
            });
            assertThat(of(wins, Rule.SHADOWED_LIBRARY)).as(input.toString()).isEmpty();
            assertThat(wins.findings()).as(input.toString()).noneMatch(f -> f.severity() == Severity.ERROR);
            // The function's libz replaces the target's: one library fewer comes from the target.
            assertThat(wins.librariesFromTarget()).as(input.toString()).isEqualTo(loses.librariesFromTarget() - 1);
        }

        // The real loader agrees on which copy loads, this machine's library directory standing for /lib64.
        String system = "/lib/x86_64-linux-gnu";
        assertThat(Toolchain.run(tree, Map.of("LD_LIBRARY_PATH", system + ":" + tree), "/lib64/ld-linux-x86-64.so.2",
                "--list", bootstrap.toString())).contains("libz.so.1 => " + system + "/libz.so.1");
        assertThat(Toolchain.run(tree, Map.of("LD_LIBRARY_PATH", tree + ":" + system), "/lib64/ld-linux-x86-64.so.2",
                "--list", bootstrap.toString())).contains("libz.so.1 => " + tree + "/libz.so.1");
    }
}
