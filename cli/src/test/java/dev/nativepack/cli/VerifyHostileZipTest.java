package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} given zips that try to write outside the directory they are unpacked into:
 * each is refused with exit code 3 and one line on stderr naming the zip, the entry and the
 * problem, and nothing is written anywhere (the scratch area, under $TMPDIR, is removed too).
 */
class VerifyHostileZipTest {
    private static final String TARGET = "provided.al2023";
    private static final byte[] BOOTSTRAP = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path tmp;
    RunEnvironment env;

    @BeforeEach
    void scratchUnderTheTestDirectory() throws IOException {
        // The scratch area is $TMPDIR/nativepack-verify-*/; the task root is its task/ subdirectory.
        tmp = Files.createDirectories(dir.resolve("tmp"));
        env = new RunEnvironment(Map.of("TMPDIR", tmp.toString()), false, dir);
    }

    /** One entry of a hand-made zip: a file, or a symbolic link (target given). */
    record Entry(String name, byte[] content, String linkTarget) {
        static Entry file(String name, byte[] content) {
            return new Entry(name, content, null);
        }

        static Entry link(String name, String target) {
            return new Entry(name, null, target);
        }
    }

    /** Writes entries as given, with nothing normalized (commons-compress keeps names verbatim). */
    static Path zip(Path out, List<Entry> entries) throws IOException {
        try (OutputStream o = Files.newOutputStream(out); ZipArchiveOutputStream z = new ZipArchiveOutputStream(o)) {
            for (Entry e : entries) {
                ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
                byte[] data = e.linkTarget() != null ? e.linkTarget().getBytes(StandardCharsets.UTF_8) : e.content();
                ze.setUnixMode(e.linkTarget() != null ? 0120777 : 0100755);
                z.putArchiveEntry(ze);
                z.write(data);
                z.closeArchiveEntry();
            }
        }
        return out;
    }

    /** Every path under the test directory except the scratch parent, so anything written outside shows. */
    private List<String> everything() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private CliRun verifyRefused(Path zip, String expectedError, String... extra) throws IOException {
        List<String> before = everything();
        String[] args = Stream.concat(Stream.of("verify", zip.toString(), "--target", TARGET), Stream.of(extra))
                .toArray(String[]::new);

        CliRun run = CliRun.in(env, args);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("nativepack verify: " + expectedError + "\n");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
        assertThat(everything()).as("nothing written outside the scratch area, and the scratch area removed")
                .isEqualTo(before);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        return run;
    }

    @Test
    void anEntryClimbingOutOfTheTaskRootIsRefused() throws Exception {
        Path zip = zip(dir.resolve("escape.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP),
                Entry.file("../escape", BOOTSTRAP)));

        verifyRefused(zip, zip + ": entry ../escape points outside the archive");
    }

    @Test
    void anEntryClimbingOutOfTheScratchAreaIsRefused() throws Exception {
        // task/ -> scratch -> $TMPDIR -> the test directory: would land beside escape-far.zip.
        Path zip = zip(dir.resolve("escape-far.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP),
                Entry.file("lib/../../../../escape", BOOTSTRAP)));

        verifyRefused(zip, zip + ": entry lib/../../../../escape points outside the archive");
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    @Test
    void anAbsoluteEntryIsRefused() throws Exception {
        assertThat(Path.of("/etc/x")).as("precondition").doesNotExist();
        Path zip = zip(dir.resolve("absolute.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP),
                Entry.file("/etc/x", BOOTSTRAP)));

        verifyRefused(zip, zip + ": entry /etc/x has an absolute path");
        assertThat(Path.of("/etc/x")).doesNotExist();
    }

    @Test
    void anEntryWrittenThroughALinkToEtcIsRefused() throws Exception {
        String passwd = sha256(Path.of("/etc/passwd"));
        Path zip = zip(dir.resolve("link-etc.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP),
                Entry.link("lib", "/etc"), Entry.file("lib/passwd", "root::0:0::/:/bin/sh\n".getBytes(
                        StandardCharsets.UTF_8))));

        verifyRefused(zip, zip + ": entry lib/passwd would be written through the symbolic link lib");
        assertThat(sha256(Path.of("/etc/passwd"))).isEqualTo(passwd);
    }

    @Test
    void anEntryWrittenThroughALinkOutOfTheArchiveIsRefused() throws Exception {
        // The same attack aimed at a directory this test can inspect: absolute links are allowed in a
        // bundle (they may point into /opt), so only the through-a-link check stops it.
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path zip = zip(dir.resolve("link-out.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP),
                Entry.link("lib", outside.toString()), Entry.file("lib/passwd", BOOTSTRAP)));

        verifyRefused(zip, zip + ": entry lib/passwd would be written through the symbolic link lib");
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aRelativeLinkClimbingOutIsRefused() throws Exception {
        Path zip = zip(dir.resolve("link-rel.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP),
                Entry.link("lib", "../../../outside")));

        verifyRefused(zip, zip + ": entry lib is a symbolic link to ../../../outside, which points outside the archive");
    }

    @Test
    void aHostileLayerZipIsRefusedNamingTheLayer() throws Exception {
        Path function = zip(dir.resolve("function.zip"), List.of(Entry.file("bootstrap", BOOTSTRAP)));
        Path layer = zip(dir.resolve("layer.zip"), List.of(Entry.file("bin/tool", BOOTSTRAP),
                Entry.file("../../../escape", BOOTSTRAP)));

        verifyRefused(function, layer + ": entry ../../../escape points outside the archive", "--layer", layer.toString());
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
