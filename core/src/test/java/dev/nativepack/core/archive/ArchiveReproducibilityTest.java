package dev.nativepack.core.archive;

import static dev.nativepack.core.archive.ArchiveTesting.compressible;
import static dev.nativepack.core.archive.ArchiveTesting.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same entries always give the same bytes: whatever their order, the source files' times
 * and permissions, the writer's time zone and the number of compressing threads.
 */
class ArchiveReproducibilityTest {
    private static final String[] ZONES = {"UTC", "Asia/Kolkata", "America/St_Johns"};

    @TempDir
    Path dir;

    private Path treeA;
    private Path treeB;

    /** The same content twice, with different modification times and permissions. */
    @BeforeEach
    void twoCopiesOfTheSameFiles() throws Exception {
        treeA = dir.resolve("a");
        treeB = dir.resolve("b");
        Map<String, byte[]> content = new LinkedHashMap<>();
        content.put("bootstrap", compressible(1, 40_000));
        content.put("libgreet.so.1.0", compressible(2, ChunkedDeflate.PIECE * 2 + 4321));
        content.put("libtiny.so", compressible(3, 100));
        content.put("data.bin", ArchiveTesting.random(4, 70_000));
        content.put("empty", new byte[0]);
        int i = 0;
        for (Map.Entry<String, byte[]> e : content.entrySet()) {
            i++;
            Path a = Files.write(Files.createDirectories(treeA).resolve(e.getKey()), e.getValue());
            Path b = Files.write(Files.createDirectories(treeB).resolve(e.getKey()), e.getValue());
            Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2001-02-03T04:05:06Z").plusSeconds(i * 7777)));
            Files.setLastModifiedTime(b, FileTime.from(Instant.parse("2024-06-30T23:59:59.123Z").minusSeconds(i)));
            Files.setPosixFilePermissions(a, PosixFilePermissions.fromString(i % 2 == 0 ? "rw-------" : "rwxr-xr-x"));
            Files.setPosixFilePermissions(b, PosixFilePermissions.fromString(i % 2 == 0 ? "rwxrwxrwx" : "rw-r-----"));
        }
    }

    private static List<ArchiveEntry> entries(Path tree) {
        return List.of(
                ArchiveEntry.file("bootstrap", tree.resolve("bootstrap"), true),
                ArchiveEntry.file("lib/libgreet.so.1.0", tree.resolve("libgreet.so.1.0"), false),
                ArchiveEntry.symbolicLink("lib/libgreet.so.1", "libgreet.so.1.0"),
                ArchiveEntry.file("lib/plugins/libtiny.so", tree.resolve("libtiny.so"), false),
                ArchiveEntry.file("share/data.bin", tree.resolve("data.bin"), false),
                ArchiveEntry.file("share/empty", tree.resolve("empty"), false),
                ArchiveEntry.bytes("share/README", "made by nativepack\n".getBytes(StandardCharsets.UTF_8), false),
                ArchiveEntry.symbolicLink("lib/libz.so.1", "/opt/lib/libz.so.1"),
                ArchiveEntry.directory("tmp"));
    }

    private static List<ArchiveEntry> shuffled(List<ArchiveEntry> entries, long seed) {
        List<ArchiveEntry> copy = new ArrayList<>(entries);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    private static ArchiveOptions options(int threads) {
        return new ArchiveOptions(9, threads, ArchiveTimestamp.DEFAULT, true);
    }

    @Test
    void orderSourceMetadataAndThreadsDoNotChangeTheBytes() throws Exception {
        Path reference = dir.resolve("reference.zip");
        new ArchiveWriter(options(1)).write(entries(treeA), reference);
        String expected = sha256(reference);

        List<ArchiveEntry> reversed = new ArrayList<>(entries(treeB));
        Collections.reverse(reversed);
        Map<String, List<ArchiveEntry>> variants = new LinkedHashMap<>();
        variants.put("tree B, reversed", reversed);
        variants.put("tree A, shuffled", shuffled(entries(treeA), 1));
        variants.put("tree B, shuffled", shuffled(entries(treeB), 2));
        int n = 0;
        for (Map.Entry<String, List<ArchiveEntry>> v : variants.entrySet()) {
            for (int threads : new int[] {1, 2, Runtime.getRuntime().availableProcessors() + 3}) {
                Path zip = dir.resolve("variant-" + n++ + ".zip");
                new ArchiveWriter(options(threads)).write(v.getValue(), zip);
                assertThat(sha256(zip)).as("%s, %d threads", v.getKey(), threads).isEqualTo(expected);
            }
        }
        // Writing over an existing archive gives the same bytes again.
        new ArchiveWriter(options(2)).write(entries(treeB), reference);
        assertThat(sha256(reference)).isEqualTo(expected);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void timeZonesAndThreadsInOtherJvmsDoNotChangeTheBytes() throws Exception {
        Path reference = dir.resolve("reference.zip");
        new ArchiveWriter(options(1)).write(entries(treeA), reference);
        String expected = sha256(reference);
        // In America/St_Johns 2023-03-12 02:30 does not exist (clocks jump from 02:00 to 03:00):
        // no instant converted in that zone gives those DOS fields.
        long gap = LocalDateTime.of(2023, 3, 12, 2, 30).toEpochSecond(ZoneOffset.UTC);
        assertThat(ZoneId.of("America/St_Johns").getRules().getValidOffsets(LocalDateTime.of(2023, 3, 12, 2, 30))).isEmpty();
        Path datedReference = dir.resolve("dated-reference.zip");
        new ArchiveWriter(options(1).withTimestamp(ArchiveTimestamp.ofEpochSecond(1_700_000_000L)))
                .write(entries(treeA), datedReference);
        Path gapReference = dir.resolve("gap-reference.zip");
        new ArchiveWriter(options(1).withTimestamp(ArchiveTimestamp.ofEpochSecond(gap))).write(entries(treeA), gapReference);

        Path spec = ArchiveTesting.spec(dir.resolve("spec.tsv"), shuffled(entries(treeB), 3));
        List<Child> children = new ArrayList<>();
        int n = 0;
        for (String zone : ZONES) {
            for (int threads : new int[] {1, 4}) {
                children.add(start(zone, threads, null, dir.resolve("child-" + n++ + ".zip"), spec));
            }
        }
        Child dated = start("America/St_Johns", 4, "1700000000", dir.resolve("child-dated.zip"), spec);
        Child gapped = start("America/St_Johns", 1, Long.toString(gap), dir.resolve("child-gap.zip"), spec);
        children.add(dated);
        children.add(gapped);
        for (Child c : children) {
            assertThat(c.process.waitFor(120, TimeUnit.SECONDS)).as("child in %s", c.zone).isTrue();
            String log = Files.readString(c.log);
            assertThat(c.process.exitValue()).as(log).isZero();
            assertThat(log).as("the child really ran in its zone").contains("zone=" + c.zone + "\n");
            if (c.epoch == null) {
                assertThat(sha256(c.zip)).as("%s, %d threads", c.zone, c.threads).isEqualTo(expected);
            }
        }
        assertThat(Files.readString(dated.log)).contains("timestamp=2023-11-14T22:13:20Z");
        assertThat(sha256(dated.zip)).isEqualTo(sha256(datedReference)).isNotEqualTo(expected);
        assertThat(sha256(gapped.zip)).isEqualTo(sha256(gapReference)).isNotEqualTo(expected);
        assertThat(ArchiveTesting.zipinfo(dated.zip)).hasSize(12)
                .allSatisfy(l -> assertThat(l).contains(" 20231114.221320 "));
        assertThat(ArchiveTesting.zipinfo(gapped.zip)).allSatisfy(l -> assertThat(l).contains(" 20230312.023000 "));
        assertThat(ArchiveTesting.python(dated.zip)).allSatisfy(e -> assertThat(e.get("date").toString())
                .isEqualTo("[2023,11,14,22,13,20]"));
    }

    /** A JVM writing an archive. */
    private record Child(String zone, int threads, String epoch, Path zip, Process process, Path log) {
    }

    private static Child start(String zone, int threads, String epoch, Path zip, Path spec) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TZ", zone);
        if (epoch != null) {
            env.put("SOURCE_DATE_EPOCH", epoch);
        }
        Path log = Files.createTempFile(zip.getParent(), "child-", ".log");
        Process p = ArchiveTesting.childJvm(List.of(zip.toString(), Integer.toString(threads), "9", spec.toString()), env)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Child(zone, threads, epoch, zip, p, log);
    }
}
