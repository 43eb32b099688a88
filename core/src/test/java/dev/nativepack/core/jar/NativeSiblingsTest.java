package dev.nativepack.core.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Rule;
import dev.nativepack.core.audit.Severity;
import dev.nativepack.core.jar.probe.OnnxRuntimeProbe;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Natives of one jar directory load together: a JVM library's loader System.loads a library by
 * path before the JNI library whose DT_NEEDED names its SONAME, and glibc's loader matches that name
 * to the object already loaded. onnxruntime's jar is the real case (libonnxruntime.so, SONAME
 * libonnxruntime.so.1, and libonnxruntime4j_jni.so, which needs libonnxruntime.so.1); the real
 * loader, through dlopen and a child JVM, is the oracle.
 */
class NativeSiblingsTest {
    private static final String ONNX_DIR = "ai/onnxruntime/native/linux-x64/";
    /** dlopen()s each path in turn, lazily as the JVM does; prints the first error or OK. */
    private static final String DLOPEN = "#include <dlfcn.h>\n#include <stdio.h>\n"
            + "int main(int argc, char **argv) {\n"
            + "  for (int i = 1; i < argc; i++) {\n"
            + "    if (!dlopen(argv[i], RTLD_LAZY)) { printf(\"%s\\n\", dlerror()); return 1; }\n"
            + "  }\n"
            + "  puts(\"OK\");\n  return 0;\n}\n";

    @TempDir
    Path scratch;

    private static Target target(String id) throws Exception {
        return TargetCatalog.builtIn().find(id);
    }

    private static EmbeddedNative kept(JarScanReport report, String entry) {
        return report.natives().stream().filter(n -> n.entry().equals(entry)).findFirst()
                .orElseThrow(() -> new AssertionError(entry + " not in " + report.natives()));
    }

    private static List<Finding> of(EmbeddedNative n, Rule rule) {
        return n.findings().stream().filter(f -> f.rule() == rule).toList();
    }

    private Toolchain.Result dlopen(Path... libraries) throws Exception {
        Path helper = scratch.resolve("dlopen");
        if (!Files.exists(helper)) {
            Toolchain.NATIVE.compile(helper, DLOPEN, "-ldl");
        }
        List<String> cmd = new ArrayList<>(List.of(helper.toString()));
        for (Path l : libraries) {
            cmd.add(l.toString());
        }
        return Toolchain.exec(scratch, Map.of(), cmd.toArray(String[]::new));
    }

    private Path extractOnnx() throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("onnx"));
        Toolchain.run(dir, Map.of(), "unzip", "-q", "-j", RealJars.onnxruntime().toString(), ONNX_DIR + "*");
        return dir;
    }

    @Test
    void testScan_theJniLibraryFindsItsSiblingBySonameOnJava21() throws Exception {
        JarScanReport report = new JarScanner(target("java21"), Path.of("/"))
                .scan(List.of(RealJars.onnxruntime().toString()));

        EmbeddedNative runtime = kept(report, ONNX_DIR + "libonnxruntime.so");
        EmbeddedNative jni = kept(report, ONNX_DIR + "libonnxruntime4j_jni.so");
        assertThat(runtime.fit().forTarget(runtime.identity())).isTrue();
        assertThat(jni.fit().forTarget(jni.identity())).isTrue();
        assertThat(of(jni, Rule.MISSING_LIBRARY)).as("%s", jni.findings()).isEmpty();
        assertThat(jni.failsAudit()).as("%s", jni.findings()).isFalse();
        assertThat(runtime.failsAudit()).as("%s", runtime.findings()).isFalse();
        // The RUNPATH into onnxruntime's build tree is still worth a warning, on the JNI library itself.
        assertThat(of(jni, Rule.BUILD_TREE_RPATH)).singleElement()
                .satisfies(f -> assertThat(f.file()).isEqualTo(jni.location()));
        assertThat(report.hasProblems()).isFalse();

        // The real loader: the JNI library alone does not load; after its sibling, by path, it does.
        Path dir = extractOnnx();
        Path lib = dir.resolve("libonnxruntime.so");
        Path shim = dir.resolve("libonnxruntime4j_jni.so");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", shim.toString()))
                .contains("Shared library: [libonnxruntime.so.1]").contains("Library runpath: [/build/Release]");
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", lib.toString()))
                .contains("Library soname: [libonnxruntime.so.1]");
        Toolchain.Result alone = dlopen(shim);
        assertThat(alone.exitCode()).isEqualTo(1);
        assertThat(alone.output()).contains("libonnxruntime.so.1: cannot open shared object file");
        assertThat(dlopen(lib, shim).output()).isEqualTo("OK\n");
    }

    @Test
    void testScan_onnxruntimeLoadsInAFreshJvm() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the natives audited above are x86_64");
        Processes.Result run = Processes.java(scratch, OnnxRuntimeProbe.class, List.of(RealJars.onnxruntime()),
                "-Djava.io.tmpdir=" + scratch);
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).startsWith("OK 1.29.0");
    }

    @Test
    void testScan_aSymbolVersionTheSiblingNeedsStaysAnErrorOnJava17() throws Exception {
        // java17's glibc is 2.26; libonnxruntime.so needs GLIBC_2.28 (and GLIBC_2.27 from libm).
        JarScanReport report = new JarScanner(target("aws-lambda/java17/x86_64"), Path.of("/"))
                .scan(List.of(RealJars.onnxruntime().toString()));

        EmbeddedNative runtime = kept(report, ONNX_DIR + "libonnxruntime.so");
        EmbeddedNative jni = kept(report, ONNX_DIR + "libonnxruntime4j_jni.so");
        assertThat(runtime.failsAudit()).isTrue();
        assertThat(of(runtime, Rule.SYMBOL_VERSION)).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.file()).isEqualTo(runtime.location());
            assertThat(f.message()).contains("GLIBC_2.28").contains("libc.so.6");
        });
        // The JNI library finds its sibling; it fails only through the sibling's versions, named by its jar location.
        assertThat(of(jni, Rule.MISSING_LIBRARY)).isEmpty();
        assertThat(jni.findings()).filteredOn(f -> f.severity() == Severity.ERROR).isNotEmpty().allSatisfy(f -> {
            assertThat(f.rule()).isEqualTo(Rule.SYMBOL_VERSION);
            assertThat(f.file()).isEqualTo(jni.location());
            assertThat(f.message()).startsWith(runtime.location() + " needs GLIBC_2.2");
        });
        assertThat(report.natives()).filteredOn(n -> n.findings() != null).flatExtracting(EmbeddedNative::findings)
                .allSatisfy(f -> assertThat(f.file() + f.subject() + f.message() + f.evidence() + f.fix())
                        .doesNotContain("nativepack-jar-"));
        assertThat(report.hasProblems()).isTrue();
    }

    @Test
    void testScan_onlyASiblingOfTheSameDirectoryWithThatSonameCounts() throws Exception {
        // Each calls into glibc, which tells the scan they are for Linux with glibc (kept, then audited).
        Path build = scratch.resolve("build");
        String depSource = "#include <stdlib.h>\nint dep(void) { return atoi(\"1\"); }\n";
        Path dep = Toolchain.NATIVE.compile(build.resolve("libdep.so"), depSource, "-shared", "-fPIC",
                "-Wl,-soname,libdep.so.1");
        Path jni = Toolchain.NATIVE.compile(build.resolve("libjni.so"), "#include <stdlib.h>\nint dep(void);\n"
                + "int Java_app_Native_call(void) { return dep() + atoi(\"2\"); }\n", "-shared", "-fPIC", dep.toString());
        // A file named like the DT_NEEDED entry, but whose SONAME is another: loading it first does not help.
        Path other = Toolchain.NATIVE.compile(build.resolve("other/libdep.so.1"), depSource, "-shared", "-fPIC",
                "-Wl,-soname,libother.so.1");
        Path jar = scratch.resolve("app.jar");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(jar)) {
            TestJars.put(zip, "native/a/libdep.so", Files.readAllBytes(dep), false);
            TestJars.put(zip, "native/a/libjni.so", Files.readAllBytes(jni), false);
            TestJars.put(zip, "native/b/libjni.so", Files.readAllBytes(jni), false);
            TestJars.put(zip, "native/c/libdep.so.1", Files.readAllBytes(other), false);
            TestJars.put(zip, "native/c/libjni.so", Files.readAllBytes(jni), false);
        }

        JarScanReport report = new JarScanner(target("java21"), Path.of("/")).scan(List.of(jar.toString()));

        assertThat(report.natives()).hasSize(5).allSatisfy(n -> assertThat(n.fit().forTarget(n.identity())).isTrue());
        assertThat(kept(report, "native/a/libjni.so").findings()).noneMatch(f -> f.severity() == Severity.ERROR);
        for (String alone : List.of("native/b/libjni.so", "native/c/libjni.so")) {
            EmbeddedNative n = kept(report, alone);
            assertThat(of(n, Rule.MISSING_LIBRARY)).as(alone).singleElement().satisfies(f -> {
                assertThat(f.subject()).isEqualTo("libdep.so.1");
                assertThat(f.file()).isEqualTo(jar + "!/" + alone);
                assertThat(f.evidence()).contains("needed by " + jar + "!/" + alone);
            });
        }
        assertThat(kept(report, "native/a/libdep.so").findings()).isEmpty();
        assertThat(kept(report, "native/c/libdep.so.1").findings()).isEmpty();

        // The real loader agrees, each directory extracted as a JVM library's loader would.
        Path extracted = Files.createDirectories(scratch.resolve("extracted"));
        Toolchain.run(extracted, Map.of(), "unzip", "-q", jar.toString());
        Path a = extracted.resolve("native/a");
        Path c = extracted.resolve("native/c");
        assertThat(dlopen(a.resolve("libdep.so"), a.resolve("libjni.so")).output()).isEqualTo("OK\n");
        assertThat(dlopen(extracted.resolve("native/b/libjni.so")).output())
                .contains("libdep.so.1: cannot open shared object file");
        assertThat(dlopen(c.resolve("libdep.so.1"), c.resolve("libjni.so")).output())
                .contains("libdep.so.1: cannot open shared object file");
    }
}
