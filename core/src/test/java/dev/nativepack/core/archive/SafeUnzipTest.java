package dev.nativepack.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.core.archive.UnzipException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile archives are refused with their reason and leave nothing behind; a normal one unpacks exactly. */
class SafeUnzipTest {
    @TempDir
    Path dir;

    private Path into;
    private Path outside;

    @BeforeEach
    void directories() throws Exception {
        into = Files.createDirectories(dir.resolve("into"));
        outside = Files.createDirectories(dir.resolve("outside"));
    }

    /** Builds zips the way an attacker (or a careless tool) would. */
    private static final class Zip {
        private interface Step {
            void write(ZipArchiveOutputStream out) throws Exception;
        }

        private final List<Step> steps = new ArrayList<>();

        Zip file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), 0100644);
        }

        Zip file(String name, byte[] content, int mode) {
            steps.add(out -> {
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                e.setUnixMode(mode);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            });
            return this;
        }

        /** A Unix-made entry whose name is stored exactly as given, backslashes included. */
        Zip verbatim(String name, String content) {
            steps.add(out -> {
                ZipArchiveEntry e = new ZipArchiveEntry("placeholder") {
                    {
                        setUnixMode(0100644);
                        setName(name);
                    }
                };
                out.putArchiveEntry(e);
                out.write(content.getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            });
            return this;
        }

        Zip link(String name, String target) {
            return file(name, target.getBytes(StandardCharsets.UTF_8), 0120777);
        }

        Zip dir(String name) {
            steps.add(out -> {
                ZipArchiveEntry e = new ZipArchiveEntry(name.endsWith("/") ? name : name + "/");
                e.setUnixMode(040755);
                out.putArchiveEntry(e);
                out.closeArchiveEntry();
            });
            return this;
        }

        /** An entry whose headers say what they like about its size and CRC. */
        Zip raw(String name, int method, byte[] stored, long claimedSize, long claimedCrc) {
            steps.add(out -> {
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                e.setUnixMode(0100644);
                e.setMethod(method);
                e.setSize(claimedSize);
                e.setCompressedSize(stored.length);
                e.setCrc(claimedCrc);
                out.addRawArchiveEntry(e, new ByteArrayInputStream(stored));
            });
            return this;
        }

        Path write(Path zip) throws Exception {
            try (OutputStream file = Files.newOutputStream(zip); ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
                for (Step s : steps) {
                    s.write(out);
                }
            }
            return zip;
        }
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void refused(SafeUnzip unzip, Path zip, Reason reason, String message) throws Exception {
        assertThatThrownBy(() -> unzip.unzip(zip, into))
                .isInstanceOfSatisfying(UnzipException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.archive()).isEqualTo(zip.toString());
                })
                .hasMessage(message);
        assertThat(names(into)).as("nothing is left in the directory").isEmpty();
        assertThat(names(outside)).as("nothing is written outside").isEmpty();
        assertThat(names(dir)).as("nothing is written beside it").allMatch(n -> n.equals("into") || n.equals("outside")
                || n.endsWith(".zip"));
    }

    @Test
    void namesThatClimbOutOrAreAbsoluteAreRefused() throws Exception {
        SafeUnzip unzip = new SafeUnzip();
        Path zip = new Zip().file("ok.txt", "fine").file("../../escaped.txt", "x").write(dir.resolve("dotdot.zip"));
        refused(unzip, zip, Reason.PATH_ESCAPES, zip + ": entry ../../escaped.txt points outside the archive");

        zip = new Zip().file("lib/../../outside/x.txt", "x").write(dir.resolve("dotdot2.zip"));
        refused(unzip, zip, Reason.PATH_ESCAPES, zip + ": entry lib/../../outside/x.txt points outside the archive");

        // Windows tools write backslashes; unzip tools read them as separators.
        zip = new Zip().verbatim("..\\outside\\win.txt", "x").write(dir.resolve("backslash.zip"));
        refused(unzip, zip, Reason.PATH_ESCAPES, zip + ": entry ..\\outside\\win.txt points outside the archive");

        zip = new Zip().file(outside.resolve("abs.txt").toString(), "x").write(dir.resolve("absolute.zip"));
        refused(unzip, zip, Reason.ABSOLUTE_PATH, zip + ": entry " + outside.resolve("abs.txt") + " has an absolute path");

        // Climbing down and back up inside is only an odd name.
        zip = new Zip().file("lib/../bootstrap", "ok").file("./share/./x", "y").write(dir.resolve("odd.zip"));
        unzip.unzip(zip, into);
        assertThat(names(into)).containsExactly("bootstrap", "share");
    }

    @Test
    void anEntryWrittenThroughASymbolicLinkOfTheSameArchiveIsRefused() throws Exception {
        // Even where links may point anywhere, and in either order.
        SafeUnzip anywhere = new SafeUnzip().allowingLinksOut(true);
        Path zip = new Zip().link("lib", outside.toString()).file("lib/evil.so", "x").write(dir.resolve("through.zip"));
        refused(anywhere, zip, Reason.THROUGH_SYMBOLIC_LINK,
                zip + ": entry lib/evil.so would be written through the symbolic link lib");

        zip = new Zip().file("lib/sub/evil.so", "x").link("lib", "../outside").write(dir.resolve("through2.zip"));
        refused(anywhere, zip, Reason.THROUGH_SYMBOLIC_LINK,
                zip + ": entry lib/sub/evil.so would be written through the symbolic link lib");
    }

    @Test
    void symbolicLinksThatPointOutAreRefusedUnlessAllowed() throws Exception {
        SafeUnzip strict = new SafeUnzip();
        Path zip = new Zip().file("bootstrap", "x").link("lib/passwd", "../../etc/passwd").write(dir.resolve("out.zip"));
        refused(strict, zip, Reason.LINK_ESCAPES,
                zip + ": entry lib/passwd is a symbolic link to ../../etc/passwd, which points outside the archive");

        // Each link stays inside on its own, but resolved through the first the second climbs out.
        zip = new Zip().link("sub/up", "..").link("escape", "sub/up/../..").write(dir.resolve("chain.zip"));
        refused(strict, zip, Reason.LINK_ESCAPES,
                zip + ": entry escape is a symbolic link to sub/up/../.., which points outside the archive");

        zip = new Zip().link("lib/libz.so.1", "/opt/lib/libz.so.1").write(dir.resolve("absolute.zip"));
        refused(strict, zip, Reason.ABSOLUTE_LINK, zip + ": entry lib/libz.so.1 is a symbolic link to the absolute path"
                + " /opt/lib/libz.so.1, which is not allowed here");

        SafeUnzip.Result r = new SafeUnzip().allowingAbsoluteLinks(true).unzip(zip, into);
        assertThat(Files.readSymbolicLink(into.resolve("lib/libz.so.1"))).hasToString("/opt/lib/libz.so.1");
        assertThat(r.symbolicLinks()).isEqualTo(1);
        // Absolute links allowed does not let relative ones climb out.
        Path both = new Zip().link("a", "/opt/x").link("b", "../x").write(dir.resolve("both.zip"));
        assertThatThrownBy(() -> new SafeUnzip().allowingAbsoluteLinks(true).unzip(both, dir.resolve("into2")))
                .isInstanceOfSatisfying(UnzipException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LINK_ESCAPES));
        assertThat(dir.resolve("into2")).doesNotExist();
    }

    @Test
    void linksInsideLoopsAndDanglingLinksAreKept() throws Exception {
        Path zip = new Zip().link("lib/a.so", "b.so").link("lib/b.so", "a.so").link("lib/gone.so", "nowhere.so")
                .link("lib/self", ".").link("top", "lib/./a.so").write(dir.resolve("loops.zip"));
        SafeUnzip.Result r = new SafeUnzip().unzip(zip, into);
        assertThat(r.symbolicLinks()).isEqualTo(5);
        assertThat(Files.readSymbolicLink(into.resolve("lib/a.so"))).hasToString("b.so");
    }

    @Test
    void theKernelsWayOfResolvingIsFollowed() {
        Map<String, String> links = Map.of("sub/up", "..", "lib/d", "../lib2/deep", "abs", "/opt", "l1", "l2", "l2", "l1");
        assertThat(SafeUnzip.staysInside("x", "sub/up/../..", links)).isFalse();
        assertThat(SafeUnzip.staysInside("x", "sub/up/lib", links)).isTrue();
        assertThat(SafeUnzip.staysInside("lib/x", "d/../..", links)).isTrue(); // lib2/deep/../.. is the root
        assertThat(SafeUnzip.staysInside("lib/x", "d/../../..", links)).isFalse();
        assertThat(SafeUnzip.staysInside("x", "abs/../..", links)).isTrue(); // judged with the absolute link
        assertThat(SafeUnzip.staysInside("x", "l1/..", links)).isTrue(); // never resolves
        assertThat(SafeUnzip.staysInside("a/b/c", "../../..", links)).isFalse();
        assertThat(SafeUnzip.staysInside("a/b/c", "../..", links)).isTrue();
    }

    @Test
    void duplicatedNamesAreRefused() throws Exception {
        Path zip = new Zip().file("lib/a.so", "one").file("lib/a.so", "two").write(dir.resolve("dup.zip"));
        refused(new SafeUnzip(), zip, Reason.DUPLICATE, zip + ": entry lib/a.so appears twice");

        zip = new Zip().file("lib/a.so", "one").link("lib//a.so", "x").write(dir.resolve("dup2.zip"));
        refused(new SafeUnzip(), zip, Reason.DUPLICATE, zip + ": entry lib//a.so appears twice");

        zip = new Zip().file("lib", "file").file("lib/x.so", "x").write(dir.resolve("conflict.zip"));
        refused(new SafeUnzip(), zip, Reason.CONFLICT, zip + ": entry lib/x.so needs lib to be a directory, but it is a file");
    }

    @Test
    void tooManyEntriesOrTooManyBytesAreRefusedAsZipBombs() throws Exception {
        Zip many = new Zip();
        for (int i = 0; i <= 1000; i++) {
            many.file("f" + i, "");
        }
        Path zip = many.write(dir.resolve("many.zip"));
        refused(new SafeUnzip().withMaxEntries(1000), zip, Reason.TOO_MANY_ENTRIES,
                zip + ": has 1001 entries, more than the limit of 1000 (refused as a possible zip bomb)");
        assertThat(new SafeUnzip().withMaxEntries(1001).unzip(zip, into).files()).isEqualTo(1001);
        for (Path p : Files.list(into).toList()) {
            Files.delete(p);
        }

        // 64 MiB of zeros deflate to about 64 KiB.
        byte[] zeros = new byte[64 << 20];
        Path honest = new Zip().file("small", "x").file("bomb.bin", zeros, 0100644).write(dir.resolve("bomb.zip"));
        assertThat(Files.size(honest)).isLessThan(200_000);
        refused(new SafeUnzip().withMaxUnpackedBytes(16 << 20), honest, Reason.TOO_LARGE, honest
                + ": entry bomb.bin takes the archive past 16777216 unpacked bytes, the limit (refused as a possible zip bomb)");

        // Headers that understate the size: the bytes are counted as they are written.
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(deflated, new Deflater(9, true))) {
            d.write(zeros);
        }
        Path liar = new Zip().raw("liar.bin", ZipEntry.DEFLATED, deflated.toByteArray(), 100, 0)
                .write(dir.resolve("liar.zip"));
        refused(new SafeUnzip().withMaxUnpackedBytes(16 << 20), liar, Reason.TOO_LARGE, liar
                + ": entry liar.bin takes the archive past 16777216 unpacked bytes, the limit (refused as a possible zip bomb)");
    }

    @Test
    void damagedArchivesAndContentAreRefused() throws Exception {
        Path zip = new Zip().file("a.txt", "hello").write(dir.resolve("good.zip"));
        byte[] bytes = Files.readAllBytes(zip);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length - 30));
        assertThatThrownBy(() -> new SafeUnzip().unzip(truncated, into))
                .isInstanceOfSatisfying(UnzipException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DAMAGED))
                .hasMessageStartingWith(truncated + ": damaged zip archive: ");

        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(hello);
        Path badCrc = new Zip().raw("a.txt", ZipEntry.STORED, hello, 5, crc.getValue() ^ 1).write(dir.resolve("crc.zip"));
        refused(new SafeUnzip(), badCrc, Reason.DAMAGED, badCrc + ": entry a.txt is damaged: its CRC does not match");

        Path fifo = new Zip().file("pipe", new byte[0], 0010644).write(dir.resolve("fifo.zip"));
        refused(new SafeUnzip(), fifo, Reason.UNSUPPORTED_TYPE, fifo + ": entry pipe is a device, FIFO or socket (mode 10644)");
        Files.delete(truncated);
    }

    @Test
    void theDirectoryMustBeEmptyAndIsMadeWhenMissing() throws Exception {
        Path zip = new Zip().file("a.txt", "hello").write(dir.resolve("a.zip"));
        Files.writeString(into.resolve("there"), "x");
        assertThatThrownBy(() -> new SafeUnzip().unzip(zip, into))
                .isInstanceOfSatisfying(UnzipException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DESTINATION_NOT_EMPTY))
                .hasMessage(zip + ": cannot be unpacked into " + into + ": the directory is not empty");
        assertThat(names(into)).containsExactly("there");

        Path fresh = dir.resolve("fresh/deeper");
        new SafeUnzip().unzip("a.zip as the user named it", zip, fresh);
        assertThat(fresh.resolve("a.txt")).hasContent("hello");
    }

    @Test
    void aLambdaLikeZipUnpacksExactly() throws Exception {
        byte[] lib = ArchiveTesting.compressible(3, 50_000);
        Path zip = new Zip().file("bootstrap", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0100755)
                .dir("lib").file("lib/libfoo.so.1.2", lib, 0100644).link("lib/libfoo.so.1", "libfoo.so.1.2")
                .file("share/run.sh", "echo\n".getBytes(StandardCharsets.UTF_8), 0100700)
                .write(dir.resolve("function.zip"));

        SafeUnzip.Result r = new SafeUnzip().unzip(zip, into);

        String libSha = ArchiveTesting.sha256(lib).substring(0, 12);
        assertThat(DirectoryWriterTest.describe(into, false)).containsExactly(
                Map.entry("", "dir rwxr-xr-x"),
                Map.entry("bootstrap", "file rwxr-xr-x " + ArchiveTesting.sha256("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
                        .substring(0, 12)),
                Map.entry("lib", "dir rwxr-xr-x"),
                Map.entry("lib/libfoo.so.1", "link -> libfoo.so.1.2"),
                Map.entry("lib/libfoo.so.1.2", "file rw-r--r-- " + libSha),
                Map.entry("share", "dir rwxr-xr-x"),
                Map.entry("share/run.sh", "file rwx------ " + ArchiveTesting.sha256("echo\n".getBytes(StandardCharsets.UTF_8))
                        .substring(0, 12)));
        assertThat(Files.readAllBytes(into.resolve("lib/libfoo.so.1"))).isEqualTo(lib);
        assertThat(r).isEqualTo(new SafeUnzip.Result(into, 3, 1, 1, 10 + 50_000 + 5 + 13));
    }

    @Test
    void whatTheArchiveWriterZipsUnpacksToWhatTheDirectoryWriterWrites() throws Exception {
        Path lib = Files.write(dir.resolve("lib.so"), ArchiveTesting.compressible(9, ChunkedDeflate.PIECE * 2 + 99));
        List<ArchiveEntry> entries = List.of(
                ArchiveEntry.file("bin/tool", lib, true),
                ArchiveEntry.file("lib/libbig.so.2.0", lib, false),
                ArchiveEntry.symbolicLink("lib/libbig.so.2", "libbig.so.2.0"),
                ArchiveEntry.bytes("etc/conf", "k=v\n".getBytes(StandardCharsets.UTF_8), false),
                ArchiveEntry.directory("empty/dir"));
        ArchiveOptions options = new ArchiveOptions(9, 2, ArchiveTimestamp.DEFAULT, true);
        Path zip = dir.resolve("tree.zip");
        new ArchiveWriter(options).write(entries, zip);
        Path tree = dir.resolve("tree");
        new DirectoryWriter(options).write(entries, tree, false);

        new SafeUnzip().unzip(zip, into);

        assertThat(DirectoryWriterTest.describe(into, false)).isEqualTo(DirectoryWriterTest.describe(tree, false));
    }
}
