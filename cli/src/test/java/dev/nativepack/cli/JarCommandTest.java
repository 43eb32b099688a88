package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jar scan} and {@code jar prune} on AWS's Lambda runtime client (a test dependency: four
 * JNI libraries, glibc and musl, x86_64 and aarch64), and on damaged or hostile inputs, which
 * give exit code 3 and one line naming the file and the problem, never a stack trace.
 */
class JarCommandTest {
    @TempDir
    static Path dir;
    static Path client;

    @BeforeAll
    static void findClient() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client")) {
                client = Path.of(entry);
            }
        }
        assertThat(client).as("the runtime client jar on the test class path").isNotNull();
    }

    @Test
    void testScan_marksTheTargetsNativeAndAuditsIt() {
        CliRun run = CliRun.of("jar", "scan", client.toString(), "--target", "aws-lambda/java21/x86_64");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("keep +linux x86_64 glibc +ELF shared library .*jni/libaws-lambda-jni\\.linux-x86_64\\.so")
                .containsPattern("drop +linux x86_64 musl .*linux_musl-x86_64\\.so")
                .contains("audit: loads on the target")
                .contains("for aws-lambda/java21/x86_64 (glibc 2.34, x86_64").contains("keep 1 (").contains("drop 3 (");
    }

    @Test
    void testScan_json() throws IOException {
        CliRun run = CliRun.of("jar", "scan", "--json", client.toString(), "--target", "java21");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("target").path("id").asText()).isEqualTo("aws-lambda/java21/x86_64");
        assertThat(json.path("natives")).hasSize(4);
        assertThat(json.path("summary").path("keep").asInt()).isEqualTo(1);
        for (JsonNode n : json.path("natives")) {
            boolean kept = n.path("decision").asText().equals("keep");
            assertThat(n.path("findings").isArray()).as(n.path("entry").asText()).isEqualTo(kept);
            assertThat(n.path("size").asLong()).isPositive();
        }
    }

    @Test
    void testScan_withoutTargetOnlyLists() throws IOException {
        CliRun run = CliRun.of("jar", "scan", "--json", client.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("target").isNull()).isTrue();
        assertThat(json.path("natives")).allSatisfy(n -> assertThat(n.path("decision").isNull()).isTrue());
    }

    @Test
    void testScan_aJarWithNativesForOtherPlatformsOnlyFails() throws IOException {
        Path musl = dir.resolve("musl-only.jar");
        try (ZipFile in = new ZipFile(client.toFile()); ZipArchiveOutputStream out = new ZipArchiveOutputStream(musl)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (e.getName().contains("musl")) {
                    out.putArchiveEntry(new ZipArchiveEntry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeArchiveEntry();
                }
            }
        }
        CliRun run = CliRun.of("jar", "scan", musl.toString(), "--target", "java21");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("no native for the target in " + musl);
    }

    @Test
    void testPrune_writesAndReports() throws IOException {
        Path out = dir.resolve("pruned.jar");
        CliRun run = CliRun.of("jar", "prune", client.toString(), "--target", "aws-lambda/java21/arm64", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + out + " for aws-lambda/java21/arm64: ").contains("dropped 3 natives");
        try (ZipFile zip = new ZipFile(out.toFile())) {
            assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName).filteredOn(n -> n.endsWith(".so"))
                    .containsExactly("jni/libaws-lambda-jni.linux-aarch_64.so");
        }
        CliRun json = CliRun.of("jar", "prune", "--json", client.toString(), "--target", "java21", "-o", out.toString());
        assertThat(new ObjectMapper().readTree(json.out()).path("bytesSaved").asLong()).isPositive();
    }

    @Test
    void testUsage_errors() {
        assertThat(CliRun.of("jar").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("jar", "prune", client.toString(), "--target", "java21").exitCode()).isEqualTo(2);
        CliRun unknown = CliRun.of("jar", "scan", client.toString(), "--target", "no-such-runtime");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(CliRun.of("jar", "scan", "--help").out()).contains("Usage: nativepack jar scan").contains("Exit codes:");
        assertThat(CliRun.of("--help").out()).contains("jar");
    }

    @Test
    void testBadInput_notAZip() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jar"), "just text, not a zip\n");
        assertOneLine(CliRun.of("jar", "scan", text.toString()), "nativepack jar scan: " + text + ": not a jar");
        Path out = dir.resolve("never.jar");
        assertOneLine(CliRun.of("jar", "prune", text.toString(), "--target", "java21", "-o", out.toString()),
                "nativepack jar prune: " + text + ": not a jar");
        assertThat(out).doesNotExist();
    }

    @Test
    void testBadInput_missingFile() {
        Path gone = dir.resolve("gone.jar");
        assertOneLine(CliRun.of("jar", "scan", gone.toString()), "nativepack jar scan: " + gone + ": no such file or directory");
        assertOneLine(CliRun.of("jar", "prune", gone.toString(), "-t", "java21", "-o", dir.resolve("x.jar").toString()),
                "nativepack jar prune: " + gone + ": no such file or directory");
    }

    @Test
    void testBadInput_truncatedJar() throws IOException {
        byte[] whole = Files.readAllBytes(client);
        Path cut = dir.resolve("truncated.jar");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertOneLine(CliRun.of("jar", "scan", cut.toString()), "nativepack jar scan: " + cut + ": not a readable jar");
        Path out = dir.resolve("from-truncated.jar");
        assertOneLine(CliRun.of("jar", "prune", cut.toString(), "-t", "java21", "-o", out.toString()),
                "nativepack jar prune: " + cut + ": not a readable jar");
        assertThat(out).doesNotExist();
    }

    @Test
    void testBadInput_hostileEntryNames() throws IOException {
        for (String name : new String[] {"../../escape.so", "/etc/cron.d/evil", "a/../../b.so"}) {
            Path zip = dir.resolve("hostile-" + Math.abs(name.hashCode()) + ".jar");
            try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
                out.putArchiveEntry(new ZipArchiveEntry("ok.txt"));
                out.write("fine".getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
                out.putArchiveEntry(new ZipArchiveEntry(name));
                out.write(Files.readAllBytes(client), 0, 64);
                out.closeArchiveEntry();
            }
            CliRun run = CliRun.of("jar", "scan", zip.toString());
            assertOneLine(run, "nativepack jar scan: " + zip + ": entry " + name);
            assertThat(run.err()).contains("refused");
            Path pruned = dir.resolve("pruned-hostile.jar");
            assertOneLine(CliRun.of("jar", "prune", zip.toString(), "-t", "java21", "-o", pruned.toString()),
                    "nativepack jar prune: " + zip + ": entry " + name);
            assertThat(pruned).doesNotExist();
        }
    }

    @Test
    void testBadOutput_aMissingDirectory() {
        Path out = dir.resolve("no-such-dir/out.jar");
        assertOneLine(CliRun.of("jar", "prune", client.toString(), "-t", "java21", "-o", out.toString()),
                "nativepack jar prune: " + out);
    }

    static Stream<Integer> seeds() {
        return IntStream.rangeClosed(1, 24).boxed();
    }

    /**
     * The runtime client's jar truncated or with bytes overwritten at positions a seeded random
     * generator picks: every run ends with a result or with exit code 3 and one line, never with an
     * internal error; a prune that fails leaves no output.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void testDamagedJars_endInAResultOrOneLine(int seed) throws IOException {
        Random random = new Random(seed);
        byte[] bytes = Files.readAllBytes(client);
        if (random.nextBoolean()) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        } else {
            for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
                int at = random.nextInt(10) < 3 ? bytes.length - 1 - random.nextInt(Math.min(bytes.length, 4096))
                        : random.nextInt(bytes.length);
                bytes[at] = (byte) random.nextInt(256);
            }
        }
        Path damaged = Files.write(dir.resolve("damaged-" + seed + ".jar"), bytes);
        CliRun scan = CliRun.of("jar", "scan", damaged.toString(), "--target", "java21");
        assertThat(scan.exitCode()).as("seed %d: %s", seed, scan.err()).isIn(0, 1, 3);
        if (scan.exitCode() == 3) {
            assertOneLine(scan, "nativepack jar scan: " + damaged);
        }
        Path out = dir.resolve("damaged-out-" + seed + ".jar");
        CliRun prune = CliRun.of("jar", "prune", damaged.toString(), "--target", "java21", "-o", out.toString());
        assertThat(prune.exitCode()).as("seed %d: %s", seed, prune.err()).isIn(0, 3);
        if (prune.exitCode() == 3) {
            assertOneLine(prune, "nativepack jar prune: " + damaged);
            assertThat(out).doesNotExist();
        }
    }

    private static void assertOneLine(CliRun run, String start) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).startsWith(start).endsWith("\n");
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
