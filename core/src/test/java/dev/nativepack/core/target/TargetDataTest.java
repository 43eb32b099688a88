package dev.nativepack.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in target resource, checked against facts that hold for any glibc target whatever
 * the research said about it: the loader is there, libc's versions fit the ceilings, and so on.
 * Reads the source directory, since that is what gets committed and packaged.
 */
class TargetDataTest {
    static final Path BUILT_IN = Path.of("src/main/resources/dev/nativepack/core/target/builtin");
    /** The oldest version node of glibc on each architecture. */
    private static final Map<String, String> LOWEST_GLIBC = Map.of("x86_64", "GLIBC_2.2.5", "arm64", "GLIBC_2.17");
    private static final Set<String> CONFIDENCES = Set.of("high", "medium", "low");

    static List<String> resources() throws IOException {
        return Files.readAllLines(BUILT_IN.resolve("index.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    }

    private static String text(String resource) throws IOException {
        return Files.readString(BUILT_IN.resolve(resource));
    }

    private static Target parse(String resource) throws IOException, TargetFormatException {
        return TargetJson.read(new ByteArrayInputStream(text(resource).getBytes(StandardCharsets.UTF_8)), resource);
    }

    @Test
    void testIndex_listsEveryJsonFileOnceAndNothingElse() throws IOException {
        Set<String> present;
        try (Stream<Path> files = Files.walk(BUILT_IN)) {
            present = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> BUILT_IN.relativize(p).toString().replace('\\', '/')).collect(Collectors.toSet());
        }
        List<String> listed = resources();

        assertThat(listed).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(listed)).isEqualTo(new TreeSet<>(present));
        assertThat(listed).hasSizeGreaterThanOrEqualTo(26);
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testResource_isCanonicalAndNamedAfterItsId(String resource) throws Exception {
        Target t = parse(resource);
        String[] parts = t.id().split("/");

        assertThat(TargetJson.write(t)).isEqualTo(text(resource));
        assertThat(resource).isEqualTo(t.id() + ".json");
        assertThat(parts).hasSize(3).doesNotContain("");
        assertThat(t.architecture()).isEqualTo(parts[2]).isIn("x86_64", "arm64");
        assertThat(t.description()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testProvenanceAndLimits_areUsable(String resource) throws Exception {
        Target t = parse(resource);

        assertThat(t.provenance().sources()).isNotEmpty().allSatisfy(s -> assertThat(s).contains("http"));
        assertThat(t.provenance().confidence()).isIn(CONFIDENCES);
        if (t.limits() != null) {
            assertThat(t.limits().zippedBytes()).isNotNegative();
            assertThat(t.limits().unzippedBytes()).isNotNegative();
        }
        for (TargetLibrary lib : t.libraries()) {
            if (lib.confidence() != null) {
                assertThat(lib.confidence()).as(lib.path()).isIn(CONFIDENCES).isNotEqualTo(t.provenance().confidence());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testLoader_pathsAreAbsoluteAndTheInterpreterIsPresent(String resource) throws Exception {
        Target t = parse(resource);
        Target.Loader loader = t.loader();
        Set<String> paths = new HashSet<>();
        for (TargetLibrary lib : t.libraries()) {
            paths.add(canonical(t, lib.directory()) + "/" + lib.name());
        }
        int slash = loader.interpreter().lastIndexOf('/');
        String interpreter = canonical(t, loader.interpreter().substring(0, slash)) + loader.interpreter().substring(slash);

        assertThat(loader.systemDirs()).isNotEmpty().allSatisfy(d -> assertThat(d).startsWith("/"));
        assertThat(loader.lib()).isNotBlank().doesNotStartWith("/");
        assertThat(loader.platform()).isNotBlank();
        if (!loader.ldLibraryPath().isEmpty()) {
            assertThat(loader.ldLibraryPath().split(":")).allSatisfy(d -> assertThat(d).startsWith("/"));
        }
        assertThat(loader.directoryAliases()).allSatisfy((from, to) -> {
            assertThat(from).startsWith("/");
            assertThat(to).startsWith("/");
        });
        assertThat(t.layout().taskRoot()).startsWith("/");
        assertThat(paths).contains(interpreter);
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testLibraries_absoluteAndUnique(String resource) throws Exception {
        Target t = parse(resource);
        List<String> pairs = new ArrayList<>();
        for (TargetLibrary lib : t.libraries()) {
            pairs.add(lib.directory() + " " + lib.name());
        }

        assertThat(t.libraries()).allSatisfy(l -> {
            assertThat(l.directory()).startsWith("/").doesNotEndWith("/");
            assertThat(l.name()).doesNotContain("/").isNotBlank();
        });
        assertThat(pairs).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testLibc_versionsFitTheCeiling(String resource) throws Exception {
        Target t = parse(resource);
        String ceiling = t.ceilings().get("GLIBC");
        TargetLibrary libc = library(t, "libc.so.6");
        Set<String> definedByAny = new HashSet<>();
        t.libraries().stream().filter(l -> l.versions() != null).forEach(l -> definedByAny.addAll(l.versions()));

        assertThat(t.libc().family()).isEqualTo("glibc");
        assertThat(t.libc().version()).isEqualTo(ceiling);
        assertThat(libc).as("libc.so.6").isNotNull();
        if (libc.versions() != null) {
            assertThat(libc.versions()).contains(LOWEST_GLIBC.get(t.architecture()), "GLIBC_PRIVATE")
                    .allSatisfy(v -> assertThat(isNewer(v, "GLIBC_", ceiling)).as(v).isFalse());
            // glibc 2.31's libc.so.6 stops at GLIBC_2.30: its newest node is in libm and libpthread only.
            assertThat(definedByAny).contains("GLIBC_" + ceiling);
            assertThat(libc.versions().contains("GLIBC_ABI_DT_RELR")).isEqualTo(compare(ceiling, "2.36") >= 0);
        }
        for (TargetLibrary lib : t.libraries()) {
            if (lib.versions() != null) {
                assertThat(lib.versions()).as(lib.path()).doesNotHaveDuplicates()
                        .allSatisfy(v -> assertThat(isNewer(v, "GLIBC_", ceiling)).as(lib.path() + " " + v).isFalse());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testGccRuntime_versionsTopOutAtTheCeilings(String resource) throws Exception {
        Target t = parse(resource);
        TargetLibrary cxx = library(t, "libstdc++.so.6");
        TargetLibrary gcc = library(t, "libgcc_s.so.1");

        if (cxx != null && cxx.versions() != null) {
            assertThat(newest(cxx.versions(), "GLIBCXX_")).isEqualTo(t.ceilings().get("GLIBCXX"));
            assertThat(newest(cxx.versions(), "CXXABI_")).isEqualTo(t.ceilings().get("CXXABI"));
        }
        if (gcc != null && gcc.versions() != null) {
            assertThat(newest(gcc.versions(), "GCC_")).isEqualTo(t.ceilings().get("GCC"));
        }
    }

    @ParameterizedTest
    @MethodSource("resources")
    void testArm64_hasNoLibmvec(String resource) throws Exception {
        Target t = parse(resource);
        if (t.architecture().equals("arm64")) {
            // glibc 2.36 and older builds libmvec for x86_64 only.
            assertThat(t.libraries()).noneMatch(l -> l.name().equals("libmvec.so.1"));
            assertThat(t.loader().interpreter()).isEqualTo("/lib/ld-linux-aarch64.so.1");
        } else {
            assertThat(t.loader().interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        }
    }

    /** Published facts (research/baselines.md, lambda.md) the data must keep. */
    @Test
    void testPublishedFacts_ceilingsPerPlatform() throws Exception {
        Map<String, Map<String, String>> expected = Map.of(
                "aws-lambda/provided.al2023/x86_64.json",
                Map.of("GLIBC", "2.34", "GLIBCXX", "3.4.29", "CXXABI", "1.3.13", "GCC", "7.0.0"),
                "aws-lambda/provided.al2023/arm64.json",
                Map.of("GLIBC", "2.34", "GLIBCXX", "3.4.29", "CXXABI", "1.3.13", "GCC", "11.0"),
                "aws-lambda/provided.al2/x86_64.json",
                Map.of("GLIBC", "2.26", "GLIBCXX", "3.4.24", "CXXABI", "1.3.11", "GCC", "7.0.0"),
                "gcp/google-22/x86_64.json",
                Map.of("GLIBC", "2.35", "GLIBCXX", "3.4.30", "CXXABI", "1.3.13", "GCC", "12.0.0"),
                "azure/debian12/x86_64.json",
                Map.of("GLIBC", "2.36", "GLIBCXX", "3.4.30", "CXXABI", "1.3.13", "GCC", "12.0.0"),
                "azure/debian11/x86_64.json",
                Map.of("GLIBC", "2.31", "GLIBCXX", "3.4.28", "CXXABI", "1.3.12", "GCC", "7.0.0"));
        for (Map.Entry<String, Map<String, String>> e : expected.entrySet()) {
            assertThat(parse(e.getKey()).ceilings()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void testPublishedFacts_lambdaEnvironment() throws Exception {
        for (String resource : resources()) {
            Target t = parse(resource);
            if (t.id().startsWith("aws-lambda/")) {
                assertThat(t.loader().ldLibraryPath()).as(resource).isEqualTo(
                        "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib");
                assertThat(t.layout()).isEqualTo(new Target.Layout("/var/task", "/opt",
                        "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"));
                assertThat(t.limits()).isEqualTo(new Target.Limits(50L * 1024 * 1024, 250L * 1024 * 1024));
                assertThat(t.loader().systemDirs()).containsExactly("/lib64", "/usr/lib64");
            } else {
                assertThat(t.loader().ldLibraryPath()).as(resource).isEmpty();
                assertThat(t.layout().layerRoot()).isNull();
            }
        }
    }

    @Test
    void testPublishedFacts_runtimeLibrariesComeFirst() throws Exception {
        Target node = parse("aws-lambda/nodejs22.x/x86_64.json");
        Target python = parse("aws-lambda/python3.12/arm64.json");
        Target provided = parse("aws-lambda/provided.al2023/x86_64.json");

        assertThat(node.libraries()).extracting(TargetLibrary::path).contains("/var/lang/lib/libcrypto.so.3",
                "/usr/lib64/libcrypto.so.3");
        assertThat(python.libraries()).extracting(TargetLibrary::path).contains("/var/lang/lib/libpython3.12.so.1.0");
        assertThat(provided.libraries()).noneMatch(l -> l.directory().startsWith("/var/lang"));
        // The managed runtime is the OS-only runtime plus /var/lang: the same system libraries.
        assertThat(node.libraries().stream().filter(l -> !l.directory().startsWith("/var/lang")))
                .containsExactlyElementsOf(provided.libraries());
    }

    @Test
    void testPublishedFacts_glibc231DefinesItsNewestNodeOutsideLibc() throws Exception {
        Target t = parse("azure/debian11/x86_64.json");

        assertThat(library(t, "libc.so.6").versions()).contains("GLIBC_2.30").doesNotContain("GLIBC_2.31");
        assertThat(library(t, "libm.so.6").versions()).contains("GLIBC_2.31");
        assertThat(library(t, "libpthread.so.0").versions()).contains("GLIBC_2.31");
    }

    private static TargetLibrary library(Target t, String name) {
        return t.libraries().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    /** A directory with the target's symbolic links between directories followed. */
    private static String canonical(Target t, String directory) {
        for (Map.Entry<String, String> alias : t.loader().directoryAliases().entrySet()) {
            if (directory.equals(alias.getKey()) || directory.startsWith(alias.getKey() + "/")) {
                return alias.getValue() + directory.substring(alias.getKey().length());
            }
        }
        return directory;
    }

    /** Whether {@code version} is a numbered version of this family newer than {@code ceiling}. */
    private static boolean isNewer(String version, String family, String ceiling) {
        if (!version.startsWith(family)) {
            return false;
        }
        String number = version.substring(family.length());
        return number.matches("\\d+(\\.\\d+)*") && compare(number, ceiling) > 0;
    }

    /** The highest numbered version of a family in a list. */
    private static String newest(List<String> versions, String family) {
        String best = null;
        for (String v : versions) {
            String number = v.startsWith(family) ? v.substring(family.length()) : "";
            if (number.matches("\\d+(\\.\\d+)*") && (best == null || compare(number, best) > 0)) {
                best = number;
            }
        }
        return best;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
