package dev.nativepack.core.archive;

import static dev.nativepack.core.archive.ArchiveTesting.compressible;
import static dev.nativepack.core.archive.ArchiveTesting.python;
import static dev.nativepack.core.archive.ArchiveTesting.random;
import static dev.nativepack.core.archive.ArchiveTesting.sha256;
import static dev.nativepack.core.archive.ArchiveTesting.zipinfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a written zip contains, read back by Commons Compress, Python's zipfile and Info-ZIP. */
class ArchiveWriterTest {
    @TempDir
    Path dir;

    private static final ArchiveOptions OPTIONS = new ArchiveOptions(9, 4, ArchiveTimestamp.DEFAULT, true);

    private List<ArchiveEntry> lambdaLike() throws Exception {
        Path lib = Files.write(dir.resolve("libfoo.so.1.2"), compressible(1, 300_000));
        return List.of(
                ArchiveEntry.bytes("bootstrap", "#!/bin/sh\nexec ./app\n".getBytes(StandardCharsets.UTF_8), true),
                ArchiveEntry.file("lib/libfoo.so.1.2", lib, false),
                ArchiveEntry.symbolicLink("lib/libfoo.so.1", "libfoo.so.1.2"),
                ArchiveEntry.bytes("lib-extra", new byte[] {1, 2, 3}, false),
                ArchiveEntry.bytes("share/data/notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8), false),
                ArchiveEntry.bytes("données/é.txt", "accents\n".getBytes(StandardCharsets.UTF_8), false),
                ArchiveEntry.directory("tmp"),
                ArchiveEntry.bytes("empty", new byte[0], false));
    }

    @Test
    void entriesAreSortedByTheirUtf8NamesWithEveryParentAndExplicitUnixModes() throws Exception {
        Path zip = dir.resolve("function.zip");
        new ArchiveWriter(OPTIONS).write(lambdaLike(), zip);

        List<String> names = new ArrayList<>();
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntriesInPhysicalOrder())) {
                names.add(e.getName());
                assertThat(e.getPlatform()).as(e.getName()).isEqualTo(ZipArchiveEntry.PLATFORM_UNIX);
                assertThat(e.getExtraFields(true)).as(e.getName()).isEmpty();
            }
        }
        // '-' (0x2d) sorts before '/' (0x2f), and UTF-8 bytes of 'é' (0xc3 0xa9) after ASCII.
        assertThat(names).containsExactly("bootstrap", "données/", "données/é.txt", "empty", "lib-extra", "lib/",
                "lib/libfoo.so.1", "lib/libfoo.so.1.2", "share/", "share/data/", "share/data/notes.txt", "tmp/");

        Map<String, JsonNode> py = python(zip).stream().collect(Collectors.toMap(n -> n.get("name").asText(), Function.identity()));
        assertThat(py.keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(py.get("bootstrap").get("mode").asInt()).isEqualTo(0100755);
        assertThat(py.get("lib/libfoo.so.1.2").get("mode").asInt()).isEqualTo(0100644);
        assertThat(py.get("lib/libfoo.so.1").get("mode").asInt()).isEqualTo(0120777);
        assertThat(py.get("lib/libfoo.so.1").get("content").asText()).isEqualTo("libfoo.so.1.2");
        assertThat(py.get("lib/").get("mode").asInt()).isEqualTo(040755);
        assertThat(py.get("lib/").get("dosAttributes").asInt() & 0x10).isEqualTo(0x10);
        assertThat(py.get("données/é.txt").get("content").asText()).isEqualTo("accents\n");
        assertThat(py.get("lib/libfoo.so.1.2").get("sha256").asText())
                .isEqualTo(sha256(dir.resolve("libfoo.so.1.2")));
        for (JsonNode e : py.values()) {
            String name = e.get("name").asText();
            assertThat(e.get("system").asInt()).as(name).isEqualTo(3);
            assertThat(e.get("date").toString()).as(name).isEqualTo("[1980,1,1,0,0,0]");
            assertThat(e.get("extra").asText()).as(name).isEmpty();
            assertThat(e.get("localExtra").asInt()).as(name).isZero();
            assertThat(e.get("localSignature").asLong()).as(name).isEqualTo(0x04034b50L);
            assertThat(e.get("localDate").asInt()).as(name).isEqualTo(1 << 5 | 1);
            assertThat(e.get("localTime").asInt()).as(name).isZero();
        }
        assertThat(py.get("lib/libfoo.so.1.2").get("method").asInt()).isEqualTo(8);
        assertThat(py.get("lib/libfoo.so.1").get("method").asInt()).isZero();
        assertThat(py.get("empty").get("method").asInt()).isZero();

        List<String> info = zipinfo(zip);
        assertThat(info).anySatisfy(l -> assertThat(l).startsWith("-rwxr-xr-x").contains(" unx ")
                .contains("19800101.000000").endsWith(" bootstrap"));
        assertThat(info).anySatisfy(l -> assertThat(l).startsWith("lrwxrwxrwx").endsWith(" lib/libfoo.so.1"));
        assertThat(info).anySatisfy(l -> assertThat(l).startsWith("drwxr-xr-x").endsWith(" lib/"));
        assertThat(info).anySatisfy(l -> assertThat(l).startsWith("-rw-r--r--").endsWith(" lib/libfoo.so.1.2"));
        assertThat(ArchiveTesting.unzipTest(zip)).contains("No errors detected");
    }

    @Test
    void theSummaryCountsEntriesAndTheSpaceEachTopLevelNameTakes() throws Exception {
        Path zip = dir.resolve("function.zip");
        ArchiveSummary s = new ArchiveWriter(OPTIONS).write(lambdaLike(), zip);

        assertThat(s.output()).isEqualTo(zip.toAbsolutePath());
        assertThat(s.entries()).isEqualTo(12);
        assertThat(s.files()).isEqualTo(6);
        assertThat(s.directories()).isEqualTo(5);
        assertThat(s.symbolicLinks()).isEqualTo(1);
        assertThat(s.archiveBytes()).isEqualTo(Files.size(zip));
        assertThat(s.uncompressedBytes()).isEqualTo(21 + 300_000 + 13 + 3 + 6 + 8);
        assertThat(s.compressedBytes()).isLessThan(s.uncompressedBytes()).isLessThan(s.archiveBytes());
        assertThat(s.topLevel()).extracting(ArchiveSummary.TopLevel::name)
                .containsExactly("bootstrap", "données", "empty", "lib", "lib-extra", "share", "tmp");
        ArchiveSummary.TopLevel lib = s.topLevel().stream().filter(t -> t.name().equals("lib")).findFirst().orElseThrow();
        assertThat(lib.directory()).isTrue();
        assertThat(lib.entries()).isEqualTo(3);
        assertThat(lib.uncompressedBytes()).isEqualTo(300_000 + 13);
        assertThat(s.topLevel().stream().filter(t -> t.name().equals("bootstrap")).findFirst().orElseThrow().directory())
                .isFalse();
        assertThat(s.topLevel().stream().mapToLong(ArchiveSummary.TopLevel::compressedBytes).sum())
                .isEqualTo(s.compressedBytes());
    }

    @Test
    void aLargeEntryIsDeflatedInPiecesThatReadBackAsOneStreamAndRandomDataIsStored() throws Exception {
        // 3.5 pieces: a dictionary crosses every piece boundary, and the last piece is short.
        byte[] big = compressible(7, ChunkedDeflate.PIECE * 3 + ChunkedDeflate.PIECE / 2);
        byte[] noise = random(8, 200_000);
        Path bigFile = Files.write(dir.resolve("big.bin"), big);
        Path zip = dir.resolve("big.zip");
        ArchiveSummary s = new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.file("big.bin", bigFile, false),
                ArchiveEntry.bytes("noise.bin", noise, false)), zip);

        Map<String, JsonNode> py = python(zip).stream().collect(Collectors.toMap(n -> n.get("name").asText(), Function.identity()));
        assertThat(py.get("big.bin").get("sha256").asText()).isEqualTo(sha256(big));
        assertThat(py.get("big.bin").get("method").asInt()).isEqualTo(8);
        assertThat(py.get("noise.bin").get("method").asInt()).as("incompressible content is stored").isZero();
        assertThat(py.get("noise.bin").get("sha256").asText()).isEqualTo(sha256(noise));
        assertThat(ArchiveTesting.unzipTest(zip)).contains("No errors detected");
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            assertThat(z.getInputStream(z.getEntry("big.bin")).readAllBytes()).isEqualTo(big);
        }
        // Pieces cost a few bytes each, not the compression of a whole piece.
        java.util.zip.Deflater whole = new java.util.zip.Deflater(9, true);
        whole.setInput(big);
        whole.finish();
        byte[] buf = new byte[big.length];
        int plain = 0;
        while (!whole.finished()) {
            plain += whole.deflate(buf);
        }
        whole.end();
        long pieces = py.get("big.bin").get("compressedSize").asLong();
        assertThat(pieces).isBetween((long) plain, (long) plain + plain / 100 + 64);
        assertThat(s.compressedBytes()).isEqualTo(pieces + noise.length);
    }

    @Test
    void parallelAndSequentialCompressionWriteTheSameBytes() throws Exception {
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(ArchiveEntry.bytes("lib/lib" + i + ".so", compressible(i, 1000 + i * 4_000), i % 3 == 0));
        }
        entries.add(ArchiveEntry.file("big/huge.bin", Files.write(dir.resolve("huge"),
                compressible(99, ChunkedDeflate.PIECE * 4 + 12345)), false));
        entries.add(ArchiveEntry.bytes("big/noise", random(5, ChunkedDeflate.PIECE + 7), false));
        for (int level : new int[] {9, 6, 1, 0}) {
            Path one = dir.resolve("one-" + level + ".zip");
            Path many = dir.resolve("many-" + level + ".zip");
            Path eight = dir.resolve("eight-" + level + ".zip");
            new ArchiveWriter(OPTIONS.withThreads(1).withCompressionLevel(level)).write(entries, one);
            new ArchiveWriter(OPTIONS.withThreads(3).withCompressionLevel(level)).write(entries, many);
            new ArchiveWriter(OPTIONS.withThreads(8).withCompressionLevel(level)).write(entries, eight);
            assertThat(sha256(many)).as("level %d", level).isEqualTo(sha256(one));
            assertThat(sha256(eight)).as("level %d", level).isEqualTo(sha256(one));
        }
        assertThat(sha256(dir.resolve("one-0.zip"))).isNotEqualTo(sha256(dir.resolve("one-9.zip")));
        assertThat(python(dir.resolve("one-0.zip"))).allSatisfy(e -> assertThat(e.get("method").asInt()).isZero());
        assertThat(python(dir.resolve("many-1.zip"))).hasSize(44);
    }

    @Test
    void aSourceDateEpochChangesTheBytesAndIsTheDateEveryReaderShows() throws Exception {
        Path plain = dir.resolve("plain.zip");
        Path dated = dir.resolve("dated.zip");
        new ArchiveWriter(OPTIONS).write(lambdaLike(), plain);
        new ArchiveWriter(OPTIONS.withTimestamp(ArchiveTimestamp.fromSourceDateEpoch("1700000000"))).write(lambdaLike(), dated);

        assertThat(sha256(dated)).isNotEqualTo(sha256(plain));
        assertThat(Files.size(dated)).isEqualTo(Files.size(plain));
        // 1700000000 is 2023-11-14T22:13:20Z.
        assertThat(python(dated)).allSatisfy(e -> assertThat(e.get("date").toString()).isEqualTo("[2023,11,14,22,13,20]"));
        assertThat(zipinfo(dated)).hasSize(12).allSatisfy(l -> assertThat(l).contains(" 20231114.221320 "));
    }

    @Test
    void moreEntriesThanAClassicZipHoldsMakeAZip64ArchiveWithTheSameTimes() throws Exception {
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            entries.add(ArchiveEntry.bytes(String.format("d%02d/f%05d", i % 50, i), new byte[] {(byte) i}, false));
        }
        Path zip = dir.resolve("many.zip");
        ArchiveSummary s = new ArchiveWriter(OPTIONS.withTimestamp(ArchiveTimestamp.ofEpochSecond(1_700_000_000L)))
                .write(entries, zip);

        assertThat(s.entries()).isEqualTo(70_050);
        List<JsonNode> py = python(zip);
        assertThat(py).hasSize(70_050).allSatisfy(e -> assertThat(e.get("date").toString()).isEqualTo("[2023,11,14,22,13,20]"));
        assertThat(py.get(py.size() - 1).get("name").asText()).isEqualTo("d49/f69999");
    }

    @Test
    void timesAreSetThroughZip64Headers() throws Exception {
        // Zip64Mode.Always puts every size and offset in zip64 extra fields and writes a zip64 end record.
        Path zip = dir.resolve("zip64.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.Always);
            for (String name : List.of("a.txt", "b/c.txt", "d.bin")) {
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                e.setTime(1_234_567_890_000L);
                out.putArchiveEntry(e);
                out.write(compressible(name.length(), 5000));
                out.closeArchiveEntry();
            }
        }
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ArchiveTimestamp t = ArchiveTimestamp.ofEpochSecond(1_700_000_000L);
            DosTimes.stamp(channel, t.dosTime(), t.dosDate());
        }
        assertThat(python(zip)).hasSize(3).allSatisfy(e -> {
            assertThat(e.get("date").toString()).isEqualTo("[2023,11,14,22,13,20]");
            assertThat(e.get("localDate").asInt()).isEqualTo((2023 - 1980) << 9 | 11 << 5 | 14);
        });
    }

    @Test
    void timestampsAreClampedToTheDosRangeAndAMalformedEpochIsRefused() {
        assertThat(ArchiveTimestamp.fromSourceDateEpoch(null)).isEqualTo(ArchiveTimestamp.DEFAULT);
        assertThat(ArchiveTimestamp.fromSourceDateEpoch(" ")).isEqualTo(ArchiveTimestamp.DEFAULT);
        assertThat(ArchiveTimestamp.fromSourceDateEpoch("0")).isEqualTo(ArchiveTimestamp.DEFAULT);
        assertThat(ArchiveTimestamp.fromSourceDateEpoch("-5").epochSecond()).isEqualTo(ArchiveTimestamp.MIN_EPOCH_SECOND);
        assertThat(ArchiveTimestamp.fromSourceDateEpoch("1700000000").instant()).hasToString("2023-11-14T22:13:20Z");
        assertThat(ArchiveTimestamp.fromSourceDateEpoch("99999999999999999999999").instant())
                .hasToString("2107-12-31T23:59:58Z");
        assertThat(ArchiveTimestamp.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", "1700000000")).epochSecond())
                .isEqualTo(1_700_000_000L);
        assertThat(ArchiveTimestamp.DEFAULT.dosDate()).isEqualTo(1 << 5 | 1);
        assertThat(ArchiveTimestamp.DEFAULT.dosTime()).isZero();
        assertThatThrownBy(() -> ArchiveTimestamp.fromSourceDateEpoch("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SOURCE_DATE_EPOCH=yesterday is not a whole number of seconds since 1970-01-01T00:00:00Z");
        assertThatThrownBy(() -> ArchiveTimestamp.fromSourceDateEpoch("1.5e9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entriesThatContradictEachOtherAreRefusedWithoutWritingAnything() throws Exception {
        Path zip = dir.resolve("out/bad.zip");
        Files.createDirectories(zip.getParent());
        byte[] x = {1};

        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("a/b", x, false),
                ArchiveEntry.bytes("a/b", x, true)), zip))
                .isInstanceOfSatisfying(ArchiveWriteException.class,
                        e -> assertThat(e.problem()).isEqualTo(ArchiveWriteException.Problem.CONFLICTING_ENTRIES))
                .hasMessageStartingWith("entry a/b is given twice");
        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("lib/x.so", x, false),
                ArchiveEntry.bytes("lib", x, false)), zip))
                .hasMessage("entry lib/x.so needs lib to be a directory, but lib is a file");
        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.symbolicLink("lib", "/opt/lib"),
                ArchiveEntry.bytes("lib/x.so", x, false)), zip))
                .hasMessage("entry lib/x.so needs lib to be a directory, but lib is a symbolic link");
        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS.withSymbolicLinks(false)).write(List.of(
                ArchiveEntry.bytes("lib/libz.so.1.3", x, false), ArchiveEntry.symbolicLink("lib/libz.so.1", "libz.so.1.3")), zip))
                .isInstanceOfSatisfying(ArchiveWriteException.class,
                        e -> assertThat(e.problem()).isEqualTo(ArchiveWriteException.Problem.SYMBOLIC_LINK_REFUSED))
                .hasMessage("entry lib/libz.so.1 is a symbolic link (to libz.so.1.3), and symbolic links are refused here:"
                        + " a layer must not contain them; copy the file it points to instead");
        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(
                ArchiveEntry.file("bootstrap", dir.resolve("missing"), true)), zip))
                .isInstanceOfSatisfying(ArchiveWriteException.class,
                        e -> assertThat(e.problem()).isEqualTo(ArchiveWriteException.Problem.SOURCE_UNREADABLE))
                .hasMessage(dir.resolve("missing") + " (for entry bootstrap): no such file");
        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(
                ArchiveEntry.file("bootstrap", dir, true)), zip))
                .hasMessage(dir + " (for entry bootstrap): not a regular file");
        // An explicit directory that is also a parent is fine.
        new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.directory("lib/"), ArchiveEntry.bytes("lib/x", x, false)),
                dir.resolve("ok.zip"));

        try (var left = Files.list(zip.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void archivePathsMustBeCleanAndRelative() {
        for (String bad : new String[] {"", "/etc/passwd", "../x", "a/../b", "a//b", "./a", "a/.", "a\\b", "a\0b", "a/"}) {
            assertThatThrownBy(() -> ArchiveEntry.bytes(bad, new byte[0], false)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("archive path \"");
        }
        assertThat(ArchiveEntry.directory("a/b/").path()).isEqualTo("a/b");
        assertThatThrownBy(() -> ArchiveEntry.symbolicLink("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ArchiveEntry.symbolicLink("lib/libz.so.1", "/opt/lib/libz.so.1").toString())
                .isEqualTo("lib/libz.so.1 -> /opt/lib/libz.so.1");
    }

    @Test
    void piecewiseCrcsCombineIntoTheCrcOfTheWhole() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            byte[] a = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(5000)];
            byte[] b = new byte[round == 0 ? 1 << 20 : r.nextInt(70_000)];
            r.nextBytes(a);
            r.nextBytes(b);
            CRC32 ca = new CRC32();
            ca.update(a);
            CRC32 cb = new CRC32();
            cb.update(b);
            CRC32 whole = new CRC32();
            whole.update(a);
            whole.update(b);
            assertThat(Integer.toUnsignedLong(Crc32Combine.combine((int) ca.getValue(), (int) cb.getValue(), b.length)))
                    .isEqualTo(whole.getValue());
        }
    }
}
