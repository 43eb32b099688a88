package dev.nativepack.core.jar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Rule;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning real jars: the audit's verdict on the target's natives, directories, and reading only headers. */
class JarScannerTest {
    @TempDir
    Path scratch;

    /**
     * A target file like one `nativepack snapshot` writes for an older image: java21's, with a
     * glibc that defines nothing after GLIBC_2.7. zstd-jni's x86_64 library needs GLIBC_2.8.
     */
    private Target oldGlibc() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json;
        try (InputStream in = TargetCatalog.class.getResourceAsStream("builtin/aws-lambda/java21/x86_64.json")) {
            json = (ObjectNode) mapper.readTree(in);
        }
        json.put("id", "test/old-glibc/x86_64");
        ((ObjectNode) json.path("libc")).put("version", "2.7");
        for (var library : json.path("libraries")) {
            if (!library.path("versions").isArray()) {
                continue;
            }
            ArrayNode versions = (ArrayNode) library.path("versions");
            for (int i = versions.size() - 1; i >= 0; i--) {
                String v = versions.get(i).asText();
                if (v.startsWith("GLIBC_2.") && !v.equals("GLIBC_PRIVATE")
                        && Integer.parseInt(v.substring(8).split("\\.")[0]) >= 8) {
                    versions.remove(i);
                }
            }
        }
        Path file = scratch.resolve("old-glibc.json");
        mapper.writeValue(file.toFile(), json);
        return TargetCatalog.read(file);
    }

    @Test
    void testScan_theAuditNamesASymbolVersionTheTargetLacks() throws Exception {
        JarScanReport report = new JarScanner(oldGlibc(), Path.of("/")).scan(List.of(RealJars.zstd().toString()));
        EmbeddedNative kept = report.natives().stream().filter(n -> n.fit().forTarget(n.identity())).findFirst().orElseThrow();
        assertThat(kept.entry()).isEqualTo("linux/amd64/libzstd-jni-1.5.7-21.so");
        assertThat(kept.failsAudit()).isTrue();
        Finding version = kept.findings().stream().filter(f -> f.rule() == Rule.SYMBOL_VERSION).findFirst().orElseThrow();
        assertThat(version.file()).isEqualTo(kept.location());
        assertThat(version.message() + version.evidence()).contains("GLIBC_2.8").doesNotContain("nativepack-jar-");
        assertThat(report.hasProblems()).isTrue();
    }

    @Test
    void testScan_theRealJarsLoadOnJava21() throws Exception {
        JarScanReport report = new JarScanner(TargetCatalog.builtIn().find("java21"), Path.of("/"))
                .scan(RealJars.all().stream().map(Path::toString).toList());
        assertThat(report.count(TargetFit.Decision.KEEP)).isEqualTo(5);
        assertThat(report.count(TargetFit.Decision.UNKNOWN)).isZero();
        assertThat(report.natives()).filteredOn(n -> n.fit().forTarget(n.identity()))
                .allSatisfy(n -> assertThat(n.failsAudit()).as("%s: %s", n.location(), n.findings()).isFalse());
        assertThat(report.hasProblems()).isFalse();
    }

    @Test
    void testScan_aDirectoryIsWalkedForJars() throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("lib/nested"));
        Files.copy(RealJars.snappy(), scratch.resolve("lib/snappy.jar"));
        Files.copy(RealJars.runtimeClient(), dir.resolve("client.jar"));
        Files.writeString(scratch.resolve("lib/README.txt"), "not a jar");
        JarScanReport report = new JarScanner(null, Path.of("/")).scan(List.of(scratch.resolve("lib").toString()));
        assertThat(report.jars()).extracting(ScannedJar::location)
                .containsExactly(scratch.resolve("lib") + "/nested/client.jar", scratch.resolve("lib") + "/snappy.jar");
        assertThat(report.natives()).allSatisfy(n -> assertThat(n.fit()).isNull());
    }

    /** The scan reads natives only as far as their headers need; that must tell what the whole file tells. */
    @Test
    void testScan_readingOnlyHeadersTellsWhatTheWholeFileTells() throws Exception {
        for (Path jar : RealJars.all()) {
            JarScanReport report = new JarScanner(null, Path.of("/")).scan(List.of(jar.toString()));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (EmbeddedNative n : report.natives()) {
                    ZipEntry e = zip.getEntry(n.entry());
                    byte[] whole = zip.getInputStream(e).readAllBytes();
                    assertThat(n.identity()).as(n.location()).isEqualTo(NativeIdentifier.identify(n.entry(), whole));
                    assertThat(n.size()).isEqualTo(whole.length);
                }
                long natives = Collections.list(zip.entries()).stream().filter(e -> !e.isDirectory()).filter(e -> {
                    try {
                        return NativeIdentifier.identify(e.getName(), zip.getInputStream(e).readAllBytes()) != null;
                    } catch (java.io.IOException x) {
                        throw new AssertionError(x);
                    }
                }).count();
                assertThat(report.natives()).hasSize((int) natives);
            }
        }
    }
}
