package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.SnapshotOptions;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetSnapshot;
import dev.nativepack.core.testing.DebianRoots;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit's verdict against reality. A real Debian 11 root (glibc 2.31, debootstrap'd) is
 * captured with snapshot and used as the target; real Debian 12 programs of this machine are
 * audited against it, then copied into the root with the libraries the root lacks beside them on
 * LD_LIBRARY_PATH and run there with chroot. Every "version `X' not found" the audit predicts must
 * be exactly what the root's own loader reports, and every program audited clean must start.
 */
class AuditRealityTest {
    /** Programs and an argument that makes each print a version and exit, without other files. */
    private static final Map<String, String> CANDIDATES = new LinkedHashMap<>();

    static {
        CANDIDATES.put("/usr/bin/mawk", "-W version");
        CANDIDATES.put("/usr/bin/gdalinfo", "--version");
        CANDIDATES.put("/usr/bin/ogr2ogr", "--version");
        CANDIDATES.put("/usr/bin/gdal_translate", "--version");
        CANDIDATES.put("/usr/bin/readelf", "--version");
        CANDIDATES.put("/usr/bin/eu-readelf", "--version");
        CANDIDATES.put("/usr/bin/patchelf", "--version");
        CANDIDATES.put("/usr/bin/libtree", "--version");
        CANDIDATES.put("/usr/bin/scanelf", "--version");
        CANDIDATES.put("/usr/bin/hyperfine", "--version");
        CANDIDATES.put("/usr/bin/qemu-aarch64", "--version");
        CANDIDATES.put("/usr/bin/ls", "--version");
        CANDIDATES.put("/usr/bin/tar", "--version");
        CANDIDATES.put("/usr/bin/gzip", "--version");
        CANDIDATES.put("/usr/bin/xz", "--version");
        CANDIDATES.put("/usr/bin/gpgv", "--version");
        CANDIDATES.put("/usr/bin/make", "--version");
        CANDIDATES.put("/usr/bin/patch", "--version");
        CANDIDATES.put("/usr/bin/bc", "--version");
        CANDIDATES.put("/usr/bin/dpkg", "--version");
        CANDIDATES.put("/usr/bin/perl", "-v");
    }

    private static final Pattern LISTED = Pattern.compile("^\t(\\S+) => (\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern VERSION_ERROR = Pattern.compile(
            "^(?:.*: )?(\\S+): version `(\\S+)' not found \\(required by (\\S+)\\)$");
    private static final List<String> ROOT_LIBRARY_DIRS = List.of("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu",
            "lib", "usr/lib", "lib64");

    static Path root;
    static Target target;

    @BeforeAll
    static void captureTheRoot() throws Exception {
        Toolchain.requireTool("chroot");
        root = DebianRoots.bullseye();
        target = TargetSnapshot.capture(root, SnapshotOptions.builder("test/debian11/x86_64").build());
        assertThat(target.libc().version()).isEqualTo("2.31");
    }

    /** One program's prediction and what happened. */
    record Outcome(String program, Set<String> predicted, Set<String> observed, boolean predictedClean, boolean ran,
                   String output) {
        boolean agrees() {
            return predicted.equals(observed) && predictedClean == ran;
        }
    }

    @Test
    void everyPredictedVersionFailureHappensAndEveryCleanProgramRuns() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        Path work = Files.createTempDirectory(root.resolve("tmp"), "nativepack-reality-");
        try {
            int n = 0;
            for (Map.Entry<String, String> c : CANDIDATES.entrySet()) {
                Path program = Path.of(c.getKey());
                if (Files.isRegularFile(program)) {
                    outcomes.add(check(program, c.getValue(), work.resolve("p" + n++)));
                }
            }
        } finally {
            Toolchain.run(root, Map.of(), "rm", "-rf", "--one-file-system", work.toString());
        }

        long agreeing = outcomes.stream().filter(Outcome::agrees).count();
        long clean = outcomes.stream().filter(Outcome::predictedClean).count();
        long observed = outcomes.stream().mapToLong(o -> o.observed().size()).sum();
        long predicted = outcomes.stream().mapToLong(o -> o.predicted().size()).sum();
        System.out.printf("AuditRealityTest: %d of %d programs agree (%.1f%%); %d predicted clean, "
                        + "%d predicted to fail; %d version failures predicted, %d observed by the root's loader%n",
                agreeing, outcomes.size(), 100.0 * agreeing / outcomes.size(), clean, outcomes.size() - clean,
                predicted, observed);
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(12);
        // Both verdicts must be exercised, or agreement would prove little.
        assertThat(clean).isGreaterThanOrEqualTo(1);
        assertThat(outcomes.size() - clean).isGreaterThanOrEqualTo(5);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.agrees())
                .as("%s: predicted %s (clean: %s), observed %s (ran: %s)%n%s", o.program(), o.predicted(),
                        o.predictedClean(), o.observed(), o.ran(), o.output())
                .isTrue());
    }

    private Outcome check(Path program, String args, Path dir) throws Exception {
        AuditReport report = new Auditor(target, Path.of("/")).audit(List.of(program.toString()));
        Set<String> predicted = new TreeSet<>();
        boolean clean = true;
        for (Finding f : report.findings()) {
            if (f.rule() == Rule.SYMBOL_VERSION && f.severity() == Severity.ERROR) {
                predicted.add(key(f.subject().split(" ")[1], evidence(f, "needed by "), evidence(f, "provided by ")));
            }
            if (f.severity() == Severity.ERROR && f.rule() != Rule.BUNDLE_REQUIRED) {
                clean = false;
            }
        }

        // Deploy: the program, and each library the root lacks under the name it is loaded by.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.copy(program, bin.resolve(program.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        for (Map.Entry<String, Path> l : hostClosure(program).entrySet()) {
            if (!rootHas(l.getKey())) {
                Files.copy(l.getValue().toRealPath(), lib.resolve(l.getKey()));
            }
        }
        String inRoot = "/" + root.relativize(dir);
        String runProgram = inRoot + "/bin/" + program.getFileName();

        Toolchain.Result traced = Toolchain.exec(root, Map.of(), chroot("LD_TRACE_LOADED_OBJECTS=1",
                "LD_LIBRARY_PATH=" + inRoot + "/lib", runProgram));
        Set<String> observed = new TreeSet<>();
        for (String line : traced.output().split("\n")) {
            Matcher m = VERSION_ERROR.matcher(line.trim());
            if (m.matches()) {
                observed.add(key(m.group(2), m.group(3), m.group(1)));
            }
            assertThat(line).as("the copied closure is complete").doesNotContain("=> not found");
        }
        List<String> run = new ArrayList<>(List.of(chroot("LD_LIBRARY_PATH=" + inRoot + "/lib", runProgram)));
        run.addAll(List.of(args.split(" ")));
        Toolchain.Result result = Toolchain.exec(root, Map.of(), run.toArray(String[]::new));
        boolean loaderFailed = result.exitCode() == 127 || result.output().contains("error while loading shared libraries")
                || result.output().contains("not found (required by");
        return new Outcome(program.toString(), predicted, observed, clean, !loaderFailed, result.output());
    }

    private static String[] chroot(String... envAndCommand) {
        List<String> cmd = new ArrayList<>(List.of("chroot", root.toString(), "/usr/bin/env", "-i"));
        cmd.addAll(List.of(envAndCommand));
        return cmd.toArray(String[]::new);
    }

    /** "GLIBC_2.34 needed-by-file from-file", by file names: paths differ between the two worlds. */
    private static String key(String version, String requester, String provider) {
        return version + " " + fileName(requester) + " from " + fileName(provider);
    }

    private static String fileName(String path) {
        String p = path.replace(" (on the target)", "");
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String evidence(Finding f, String prefix) {
        return f.evidence().stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length()))
                .findFirst().orElseThrow();
    }

    /** The libraries this machine's loader maps for the program: name -> file (ld.so --list is the oracle). */
    private static Map<String, Path> hostClosure(Path program) throws IOException {
        Toolchain.Result r = Toolchain.exec(program.getParent(), Map.of(), "/lib64/ld-linux-x86-64.so.2", "--list",
                program.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Map<String, Path> out = new LinkedHashMap<>();
        for (String line : r.output().split("\n")) {
            Matcher m = LISTED.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), Path.of(m.group(2)));
            }
        }
        return out;
    }

    private static boolean rootHas(String name) {
        return ROOT_LIBRARY_DIRS.stream().anyMatch(d -> Files.exists(root.resolve(d).resolve(name)));
    }
}
