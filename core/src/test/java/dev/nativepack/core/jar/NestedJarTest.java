package dev.nativepack.core.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nativepack.core.jar.probe.SqliteProbe;
import dev.nativepack.core.jar.probe.ZstdProbe;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars in jars, built by the test from the real jars: a Spring Boot fat jar (BOOT-INF/lib, STORED)
 * and a Lambda deployment zip (lib/, deflated); and signed jars, at the top and nested.
 */
class NestedJarTest {
    @TempDir
    Path scratch;

    private static Target java21() throws Exception {
        return TargetCatalog.builtIn().find("aws-lambda/java21/x86_64");
    }

    private Path springBoot() throws Exception {
        Map<String, Path> libs = new LinkedHashMap<>();
        libs.put("sqlite-jdbc.jar", RealJars.sqlite());
        libs.put("zstd-jni.jar", RealJars.zstd());
        libs.put("plain.jar", plainJar());
        return TestJars.springBoot(scratch.resolve("app.jar"), libs);
    }

    /** A jar without natives: its entry must come through untouched. */
    private Path plainJar() throws Exception {
        Path jar = scratch.resolve("plain.jar");
        try (var zip = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(jar)) {
            TestJars.put(zip, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(), false);
            TestJars.put(zip, "x/Y.txt", "hello".getBytes(), false);
        }
        return jar;
    }

    @Test
    void testScan_listsTheNativesOfNestedJarsUnderTheirJar() throws Exception {
        Path app = springBoot();
        JarScanReport report = new JarScanner(java21(), Path.of("/")).scan(List.of(app.toString()));
        assertThat(report.jars()).extracting(ScannedJar::location).containsExactly(app.toString(),
                app + "!/BOOT-INF/lib/sqlite-jdbc.jar", app + "!/BOOT-INF/lib/zstd-jni.jar", app + "!/BOOT-INF/lib/plain.jar");
        assertThat(report.natives()).filteredOn(n -> n.fit().decision() == TargetFit.Decision.KEEP)
                .extracting(EmbeddedNative::location).containsExactly(
                        app + "!/BOOT-INF/lib/sqlite-jdbc.jar!/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
                        app + "!/BOOT-INF/lib/zstd-jni.jar!/linux/amd64/libzstd-jni-1.5.7-21.so");
        assertThat(report.natives()).filteredOn(n -> n.fit().decision() == TargetFit.Decision.KEEP)
                .allSatisfy(n -> assertThat(n.findings()).as(n.location()).isNotNull());
        assertThat(report.hasProblems()).isFalse();
    }

    @Test
    void testPrune_springBootNestedJarsStayStoredWithTheirNewCrc() throws Exception {
        Path app = springBoot();
        Path out = scratch.resolve("app-java21.jar");
        PruneResult result = new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(app.toString(), out);

        assertThat(result.jars()).extracting(PrunedJar::location).containsExactly(app.toString(),
                app + "!/BOOT-INF/lib/sqlite-jdbc.jar", app + "!/BOOT-INF/lib/zstd-jni.jar");
        assertThat(result.jars().get(1).bytesSaved()).isGreaterThan(10_000_000);
        assertThat(result.bytesSaved()).isEqualTo(Files.size(app) - Files.size(out));
        assertThat(Processes.run("unzip", "-tq", out.toString()).exitCode()).isZero();
        try (ZipFile zip = ZipFile.builder().setPath(out).get(); ZipFile before = ZipFile.builder().setPath(app).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                if (!e.getName().startsWith("BOOT-INF/lib/")) {
                    continue;
                }
                byte[] content;
                try (InputStream in = zip.getInputStream(e)) {
                    content = in.readAllBytes();
                }
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getCrc()).as(e.getName()).isEqualTo(TestJars.crc(content));
                assertThat(e.getSize()).as(e.getName()).isEqualTo(content.length);
                assertThat(e.getCompressedSize()).as(e.getName()).isEqualTo(content.length);
                if (e.getName().endsWith("plain.jar")) {
                    try (InputStream in = before.getRawInputStream(before.getEntry(e.getName()))) {
                        assertThat(content).isEqualTo(in.readAllBytes());
                    }
                }
            }
        }
        JarScanReport after = new JarScanner(java21(), Path.of("/")).scan(List.of(out.toString()));
        assertThat(after.natives()).hasSize(2).allSatisfy(n -> assertThat(n.fit().decision())
                .isEqualTo(TargetFit.Decision.KEEP));

        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the java21 x86_64 target is this machine's");
        Path sqlite = scratch.resolve("nested-sqlite.jar");
        try (JarFile jar = new JarFile(out.toFile())) {
            Files.copy(jar.getInputStream(jar.getEntry("BOOT-INF/lib/sqlite-jdbc.jar")), sqlite);
        }
        Processes.Result run = Processes.java(scratch, SqliteProbe.class, List.of(sqlite), "-Djava.io.tmpdir=" + scratch);
        assertThat(run.exitCode()).as(run.both()).isZero();
    }

    @Test
    void testPrune_lambdaZipNestedJarsStayDeflatedAndLoad() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the java21 x86_64 target is this machine's");
        Path zip = TestJars.lambdaZip(scratch.resolve("function.zip"), Map.of("zstd-jni.jar", RealJars.zstd()));
        Path out = scratch.resolve("function-java21.zip");
        new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(zip.toString(), out);
        Path zstd = scratch.resolve("zstd.jar");
        try (JarFile jar = new JarFile(out.toFile())) {
            JarEntry e = jar.getJarEntry("lib/zstd-jni.jar");
            assertThat(e.getMethod()).isEqualTo(ZipEntry.DEFLATED);
            // The JDK checks the CRC of a deflated entry as it reads it to the end.
            Files.copy(jar.getInputStream(e), zstd);
        }
        Processes.Result run = Processes.java(scratch, ZstdProbe.class, List.of(zstd), "-Djava.io.tmpdir=" + scratch);
        assertThat(run.exitCode()).as(run.both()).isZero();
    }

    @Test
    void testPrune_aSignedJarIsRefusedUnlessAllowedAndThenStillVerifies() throws Exception {
        Path signed = TestJars.signed(RealJars.snappy(), scratch);
        Path out = scratch.resolve("out.jar");
        assertThatThrownBy(() -> new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(signed.toString(), out))
                .isInstanceOf(PruneRefusedException.class).hasMessageContaining("is signed")
                .hasMessageContaining("--allow-signed");
        assertThat(out).doesNotExist();

        new JarPruner(java21(), new JarPruner.Options(true, null)).prune(signed.toString(), out);
        // Every remaining entry still verifies as the JDK reads it; the signature files are kept.
        try (JarFile jar = new JarFile(out.toFile(), true)) {
            assertThat(jar.getEntry("META-INF/TEST.SF")).isNotNull();
            for (JarEntry e : Collections.list(jar.entries())) {
                try (InputStream in = jar.getInputStream(e)) {
                    in.readAllBytes();
                }
                if (e.getName().endsWith(".class")) {
                    assertThat(e.getCodeSigners()).as(e.getName()).isNotEmpty();
                }
            }
        }
        Processes.Result original = Processes.run(jarsigner(), "-verify", signed.toString());
        Processes.Result pruned = Processes.run(jarsigner(), "-verify", out.toString());
        assertThat(pruned.stdout()).contains("jar verified.").contains("signed entries for files that do not exist");
        assertThat(pruned.exitCode()).isEqualTo(original.exitCode());
    }

    @Test
    void testPrune_aSignedNestedJarIsKeptAsItIs() throws Exception {
        Path signed = TestJars.signed(RealJars.snappy(), scratch);
        Path app = TestJars.springBoot(scratch.resolve("app.jar"), Map.of("snappy.jar", signed));
        Path out = scratch.resolve("out.jar");
        PruneResult result = new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(app.toString(), out);
        PrunedJar nested = result.jars().get(1);
        assertThat(nested.signedKept()).isTrue();
        assertThat(nested.bytesSaved()).isZero();
        try (JarFile jar = new JarFile(out.toFile())) {
            assertThat(jar.getInputStream(jar.getEntry("BOOT-INF/lib/snappy.jar")).readAllBytes())
                    .isEqualTo(Files.readAllBytes(signed));
        }
    }

    /**
     * A zip whose every size and offset is in ZIP64 fields (as some tools always write them), with
     * a nested STORED jar that loses natives: the moved offsets and the new sizes go where the
     * input keeps them, and unzip, the JDK and Commons Compress read the result.
     */
    @Test
    void testPrune_zip64RecordsAreKeptAndPatched() throws Exception {
        Path zip = scratch.resolve("zip64.jar");
        byte[] sqlite = Files.readAllBytes(RealJars.sqlite());
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
            out.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.Always);
            TestJars.put(out, "README.txt", "zip64 everywhere".getBytes(), false);
            try (JarFile jna = new JarFile(RealJars.jna().toFile())) {
                for (String name : List.of("com/sun/jna/darwin-aarch64/libjnidispatch.jnilib",
                        "com/sun/jna/linux-x86-64/libjnidispatch.so")) {
                    TestJars.put(out, name, jna.getInputStream(jna.getEntry(name)).readAllBytes(), false);
                }
            }
            TestJars.put(out, "BOOT-INF/lib/sqlite-jdbc.jar", sqlite, true);
        }
        Path pruned = scratch.resolve("zip64-pruned.jar");
        PruneResult result = new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(zip.toString(), pruned);
        assertThat(result.jars().get(0).dropped()).extracting(EmbeddedNative::entry)
                .containsExactly("com/sun/jna/darwin-aarch64/libjnidispatch.jnilib");
        assertThat(Processes.run("unzip", "-tq", pruned.toString()).exitCode()).isZero();
        try (JarFile jar = new JarFile(pruned.toFile())) {
            assertThat(Collections.list(jar.entries())).extracting(JarEntry::getName).containsExactly("README.txt",
                    "com/sun/jna/linux-x86-64/libjnidispatch.so", "BOOT-INF/lib/sqlite-jdbc.jar");
            byte[] nested = jar.getInputStream(jar.getEntry("BOOT-INF/lib/sqlite-jdbc.jar")).readAllBytes();
            assertThat(nested.length).isLessThan(sqlite.length / 5);
        }
        try (ZipFile cc = ZipFile.builder().setPath(pruned).get()) {
            ZipArchiveEntry nested = cc.getEntry("BOOT-INF/lib/sqlite-jdbc.jar");
            byte[] content = cc.getInputStream(nested).readAllBytes();
            assertThat(nested.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(nested.getCrc()).isEqualTo(TestJars.crc(content));
            assertThat(nested.getSize()).isEqualTo(content.length);
        }
    }

    private static String jarsigner() {
        return Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString();
    }
}
