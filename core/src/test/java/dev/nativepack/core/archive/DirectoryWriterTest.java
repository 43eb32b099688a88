package dev.nativepack.core.archive;

import static dev.nativepack.core.archive.ArchiveTesting.compressible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --layout dir} output: the archive's entries as a plain tree. */
class DirectoryWriterTest {
    @TempDir
    Path dir;

    private static final ArchiveTimestamp EPOCH = ArchiveTimestamp.ofEpochSecond(1_700_000_000L);
    private static final ArchiveOptions OPTIONS = new ArchiveOptions(9, 2, EPOCH, true);

    private List<ArchiveEntry> entries() throws Exception {
        Path lib = Files.write(dir.resolve("libfoo.so.1.2"), compressible(1, 30_000));
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwx------"));
        Files.setLastModifiedTime(lib, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        return List.of(
                ArchiveEntry.bytes("bootstrap", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true),
                ArchiveEntry.file("lib/libfoo.so.1.2", lib, false),
                ArchiveEntry.symbolicLink("lib/libfoo.so.1", "libfoo.so.1.2"),
                ArchiveEntry.bytes("share/data/notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8), false),
                ArchiveEntry.directory("tmp"));
    }

    /** Every path under {@code root}: its type, permissions, time and content or link target. */
    static Map<String, String> describe(Path root, boolean withTimes) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String time = withTimes ? " @" + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant() : "";
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link -> " + Files.readSymbolicLink(p) + time);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir " + perms + time);
                } else {
                    out.put(rel, "file " + perms + time + " " + ArchiveTesting.sha256(p).substring(0, 12));
                }
            }
        }
        return out;
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTreeHasTheArchiveModesAndTheTimestampEverywhere() throws Exception {
        Path out = dir.resolve("out/function");
        Files.createDirectories(out.getParent());
        ArchiveSummary s = new DirectoryWriter(OPTIONS).write(entries(), out, false);

        String t = " @2023-11-14T22:13:20Z";
        String lib = ArchiveTesting.sha256(dir.resolve("libfoo.so.1.2")).substring(0, 12);
        String boot = ArchiveTesting.sha256("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        String notes = ArchiveTesting.sha256("hello\n".getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        assertThat(describe(out, true)).containsExactly(
                Map.entry("", "dir rwxr-xr-x" + t),
                Map.entry("bootstrap", "file rwxr-xr-x" + t + " " + boot),
                Map.entry("lib", "dir rwxr-xr-x" + t),
                Map.entry("lib/libfoo.so.1", "link -> libfoo.so.1.2" + t),
                Map.entry("lib/libfoo.so.1.2", "file rw-r--r--" + t + " " + lib),
                Map.entry("share", "dir rwxr-xr-x" + t),
                Map.entry("share/data", "dir rwxr-xr-x" + t),
                Map.entry("share/data/notes.txt", "file rw-r--r--" + t + " " + notes),
                Map.entry("tmp", "dir rwxr-xr-x" + t));
        assertThat(names(out.getParent())).containsExactly("function");
        assertThat(s.entries()).isEqualTo(8);
        assertThat(s.files()).isEqualTo(3);
        assertThat(s.symbolicLinks()).isEqualTo(1);
        assertThat(s.uncompressedBytes()).isEqualTo(10 + 30_000 + 13 + 6);
        assertThat(s.archiveBytes()).isEqualTo(s.uncompressedBytes());
    }

    @Test
    void anExistingTreeIsRefusedUnlessReplacingItWasAskedFor() throws Exception {
        Path out = Files.createDirectories(dir.resolve("function"));
        Files.writeString(out.resolve("old.txt"), "old");

        assertThatThrownBy(() -> new DirectoryWriter(OPTIONS).write(entries(), out, false))
                .isInstanceOf(ArchiveWriteException.class)
                .satisfies(e -> assertThat(((ArchiveWriteException) e).problem()).isEqualTo(Problem.OUTPUT_EXISTS))
                .hasMessage(out + ": already exists and is not an empty directory; remove it or ask for it to be replaced");
        assertThat(names(out)).containsExactly("old.txt");

        new DirectoryWriter(OPTIONS).write(entries(), out, true);
        assertThat(names(out)).containsExactly("bootstrap", "lib", "share", "tmp");
        assertThat(names(dir)).containsExactly("function", "libfoo.so.1.2");
    }

    @Test
    void anEmptyDirectoryOrAFileCanBeTheOutput() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        new DirectoryWriter(OPTIONS).write(entries(), empty, false);
        assertThat(names(empty)).containsExactly("bootstrap", "lib", "share", "tmp");

        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> new DirectoryWriter(OPTIONS).write(entries(), file, false))
                .isInstanceOf(ArchiveWriteException.class);
        assertThat(file).hasContent("x");
        new DirectoryWriter(OPTIONS).write(entries(), file, true);
        assertThat(file).isDirectory();
        assertThat(names(dir)).containsExactly("empty", "file", "libfoo.so.1.2");
    }

    @Test
    void failuresLeaveNothingBehindAndTheOldTreeAsItWas() throws Exception {
        Path out = Files.createDirectories(dir.resolve("function"));
        Files.writeString(out.resolve("old.txt"), "old");
        List<ArchiveEntry> withLink = entries();

        assertThatThrownBy(() -> new DirectoryWriter(OPTIONS.withSymbolicLinks(false)).write(withLink, out, true))
                .isInstanceOf(ArchiveWriteException.class)
                .satisfies(e -> assertThat(((ArchiveWriteException) e).problem()).isEqualTo(Problem.SYMBOLIC_LINK_REFUSED));
        assertThatThrownBy(() -> new DirectoryWriter(OPTIONS).write(List.of(
                ArchiveEntry.bytes("a", new byte[1], false), ArchiveEntry.file("b", dir.resolve("gone"), false)), out, true))
                .isInstanceOf(ArchiveWriteException.class)
                .satisfies(e -> assertThat(((ArchiveWriteException) e).problem()).isEqualTo(Problem.SOURCE_UNREADABLE));
        Path tooBig = Files.createDirectories(dir.resolve("small"));
        ArchiveWriterFaultsTest.Tmpfs.mount(tooBig, "size=1m");
        try {
            Path target = tooBig.resolve("function");
            assertThatThrownBy(() -> new DirectoryWriter(OPTIONS).write(List.of(
                    ArchiveEntry.bytes("big", new byte[2 << 20], false)), target, false))
                    .isInstanceOf(ArchiveWriteException.class)
                    .satisfies(e -> assertThat(((ArchiveWriteException) e).problem()).isEqualTo(Problem.DISK_FULL));
            assertThat(names(tooBig)).isEmpty();
        } finally {
            ArchiveWriterFaultsTest.Tmpfs.unmount(tooBig);
        }

        assertThat(names(out)).containsExactly("old.txt");
        assertThat(names(dir)).containsExactly("function", "libfoo.so.1.2", "small");
    }
}
