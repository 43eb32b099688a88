package dev.nativepack.core.archive;

import static dev.nativepack.core.archive.ArchiveTesting.compressible;
import static dev.nativepack.core.archive.ArchiveTesting.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failures while writing: each a typed error, nothing left behind, an old archive untouched. */
class ArchiveWriterFaultsTest {
    @TempDir
    Path dir;

    private static final ArchiveOptions OPTIONS = new ArchiveOptions(9, 2, ArchiveTimestamp.DEFAULT, true);

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static ArchiveWriteException.Problem problemOf(Throwable t) {
        return ((ArchiveWriteException) t).problem();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aWriterKilledMidWriteLeavesNoOutputAndTheNextWriteRemovesItsTemporaryFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path zip = out.resolve("function.zip");
        Path source = Files.write(dir.resolve("lib.so"), compressible(11, 3 << 20));
        List<ArchiveEntry> many = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            many.add(ArchiveEntry.file(String.format("lib/lib%02d.so", i), source, false));
        }
        Path spec = ArchiveTesting.spec(dir.resolve("spec.tsv"), many);
        Process child = ArchiveTesting.childJvm(List.of(zip.toString(), "1", "9", spec.toString()), Map.of())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path temporary = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (temporary == null && System.nanoTime() < deadline && child.isAlive()) {
                try (Stream<Path> s = Files.list(out)) {
                    temporary = s.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                            .filter(p -> p.toFile().length() > (1 << 20)).findFirst().orElse(null);
                }
                Thread.sleep(10);
            }
            assertThat(temporary).as("the child's temporary file, being written: %s",
                    Files.readString(dir.resolve("child.log"))).isNotNull();
            assertThat(child.isAlive()).isTrue();
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(zip).doesNotExist();
            assertThat(names(out)).containsExactly(temporary.getFileName().toString());
            // Named after the output and the process that wrote it.
            assertThat(temporary.getFileName().toString())
                    .matches("\\.function\\.zip\\.nativepack-" + child.pid() + "-[0-9a-f]{8}\\.tmp");
        } finally {
            child.destroyForcibly();
        }

        new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("bootstrap", new byte[] {1}, true)), zip);
        assertThat(names(out)).containsExactly("function.zip");
        assertThat(ArchiveTesting.python(zip)).hasSize(1);
    }

    @Test
    void aTemporaryFileOfALiveProcessIsLeftAlone() throws Exception {
        Path zip = dir.resolve("function.zip");
        // pid 1 is always alive.
        Path busy = Files.createFile(dir.resolve(".function.zip.nativepack-1-0123abcd.tmp"));
        Path stale = Files.createFile(dir.resolve(".function.zip.nativepack-999999999-0123abcd.tmp"));
        Path other = Files.createFile(dir.resolve(".other.zip.nativepack-999999999-0123abcd.tmp"));
        new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("x", new byte[] {1}, false)), zip);
        assertThat(busy).exists();
        assertThat(other).exists();
        assertThat(stale).doesNotExist();
    }

    @Test
    void anOutputPathThatIsADirectoryIsRefusedAndLeftAsItWas() throws Exception {
        Path zip = Files.createDirectories(dir.resolve("function.zip"));
        Files.writeString(zip.resolve("keep"), "x");

        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("x", new byte[1], false)), zip))
                .isInstanceOf(ArchiveWriteException.class)
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.OUTPUT_IS_DIRECTORY))
                .hasMessage(zip + ": is a directory; give the path of the zip file to write");
        assertThat(names(dir)).containsExactly("function.zip");
        assertThat(names(zip)).containsExactly("keep");
    }

    @Test
    void aMissingOutputDirectoryIsNotCreated() {
        Path zip = dir.resolve("no/such/function.zip");
        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("x", new byte[1], false)), zip))
                .isInstanceOf(ArchiveWriteException.class)
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.OUTPUT_DIRECTORY_MISSING))
                .hasMessage(zip + ": the directory " + zip.getParent() + " does not exist");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void anUnwritableOutputDirectoryIsATypedError() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path zip = out.resolve("function.zip");
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        // Permissions do not stop root; a read-only mount does.
        if (root) {
            Tmpfs.mount(out, "ro,size=1m");
        } else {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("x", new byte[1], false)), zip))
                    .isInstanceOf(ArchiveWriteException.class)
                    .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.OUTPUT_NOT_WRITABLE))
                    .hasMessage(zip + ": cannot write in " + out + " (" + (root ? "Read-only file system" : "permission denied")
                            + "); nothing was left behind");
            assertThat(names(out)).isEmpty();
        } finally {
            if (root) {
                Tmpfs.unmount(out);
            } else {
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFullDiskLeavesTheOldArchiveUntouchedAndNoTemporaryFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("small"));
        Tmpfs.mount(out, "size=1m");
        try {
            Path zip = out.resolve("function.zip");
            new ArchiveWriter(OPTIONS).write(List.of(ArchiveEntry.bytes("bootstrap", compressible(1, 50_000), true)), zip);
            String before = sha256(zip);

            // Random bytes do not compress: 3 MiB cannot fit in 1 MiB.
            List<ArchiveEntry> big = List.of(ArchiveEntry.bytes("bootstrap", compressible(1, 50_000), true),
                    ArchiveEntry.bytes("lib/noise.so", ArchiveTesting.random(2, 3 << 20), false));
            assertThatThrownBy(() -> new ArchiveWriter(OPTIONS).write(big, zip))
                    .isInstanceOf(ArchiveWriteException.class)
                    .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.DISK_FULL))
                    .hasMessage(zip + ": the file system is full (No space left on device); nothing was left behind");

            assertThat(names(out)).containsExactly("function.zip");
            assertThat(sha256(zip)).isEqualTo(before);
        } finally {
            Tmpfs.unmount(out);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSourceThatChangesWhileBeingArchivedFailsTheWriteAndLeavesNothing() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path zip = out.resolve("function.zip");
        Files.write(zip, new byte[] {42});
        Path slow = Files.write(dir.resolve("slow.so"), compressible(5, 24 << 20));
        Path victim = Files.write(dir.resolve("victim.so"), compressible(6, 100_000));
        // The temporary file appears once every size is known; the large first entry then takes
        // a while, and the second one is cut short meanwhile.
        CompletableFuture<Void> cut = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    try (Stream<Path> s = Files.list(out)) {
                        if (s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"))) {
                            break;
                        }
                    }
                    Thread.sleep(1);
                }
                try (FileChannel c = FileChannel.open(victim, StandardOpenOption.WRITE)) {
                    c.truncate(1000);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatThrownBy(() -> new ArchiveWriter(OPTIONS.withThreads(1)).write(List.of(
                ArchiveEntry.file("a/slow.so", slow, false), ArchiveEntry.file("b/victim.so", victim, false)), zip))
                .isInstanceOf(ArchiveWriteException.class)
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.SOURCE_CHANGED))
                .hasMessage(victim + ": shorter than when the archive was planned (100000 bytes); it changed while being"
                        + " archived (entry b/victim.so); nothing was left behind");
        cut.get(10, TimeUnit.SECONDS);
        assertThat(names(out)).containsExactly("function.zip");
        assertThat(Files.readAllBytes(zip)).containsExactly(42);
    }

    /** A small tmpfs, mounted for a test (needs root, or CAP_SYS_ADMIN). */
    static final class Tmpfs {
        private Tmpfs() {
        }

        static void mount(Path at, String options) throws Exception {
            ArchiveTesting.Run run = ArchiveTesting.run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()),
                    Map.of(), 30);
            if (run.exit() != 0) {
                fail("this test mounts a small tmpfs (mount -t tmpfs -o " + options + " tmpfs " + at + ") and needs root"
                        + " or CAP_SYS_ADMIN to do so; mount said: " + run.stderr().strip());
            }
        }

        static void unmount(Path at) throws Exception {
            ArchiveTesting.Run run = ArchiveTesting.run(List.of("umount", at.toString()), Map.of(), 30);
            assertThat(run.exit()).as("umount %s: %s", at, run.stderr()).isZero();
        }
    }
}
