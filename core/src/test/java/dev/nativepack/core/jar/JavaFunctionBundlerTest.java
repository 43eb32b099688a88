package dev.nativepack.core.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.jar.probe.SqliteProbe;
import dev.nativepack.core.jar.probe.ZstdProbe;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip of a Java function made from real jars (Maven Central) for java21 on x86_64, read back
 * with unzip and run on this machine's JVM from its unpacked lib/, as Lambda's Java runtime would.
 */
class JavaFunctionBundlerTest {
    private static final ArchiveTimestamp TIME = ArchiveTimestamp.ofEpochSecond(1_767_225_600L);
    private static Target java21;

    @TempDir
    Path dir;

    @BeforeAll
    static void target() throws Exception {
        java21 = TargetCatalog.builtIn().find("aws-lambda/java21/x86_64");
    }

    private JavaFunctionBundler.Result bundle(boolean prune, boolean extract, Path scratch, Path out) throws Exception {
        return new JavaFunctionBundler(java21, new JavaFunctionBundler.Options(prune, false, extract, TIME, 6))
                .bundle(List.of(RealJars.sqlite(), RealJars.zstd()), scratch, out);
    }

    @Test
    void theZipHoldsPrunedJarsUnderLib_andRunsFromItsUnpackedCopy() throws Exception {
        Path zip = dir.resolve("function.zip");
        JavaFunctionBundler.Result result = bundle(true, true, dir.resolve("scratch"), zip);

        Processes.Result listing = Processes.run("unzip", "-Z1", zip.toString());
        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        String zstdNative = "lib/libzstd-jni-1.5.7-21.so";
        assertThat(listing.stdout().lines()).containsExactlyInAnyOrder("lib/", "lib/" + RealJars.sqlite().getFileName(),
                "lib/" + RealJars.zstd().getFileName(), zstdNative);
        assertThat(result.placedNatives()).containsExactly(zstdNative);
        long original = Files.size(RealJars.sqlite()) + Files.size(RealJars.zstd());
        assertThat(result.bytesSaved()).as("natives of other platforms removed").isGreaterThan(original / 2);
        assertThat(result.summary().uncompressedBytes()).isLessThan(original / 2);

        Path unpacked = dir.resolve("task");
        assertThat(Processes.run("unzip", "-q", zip.toString(), "-d", unpacked.toString()).exitCode()).isZero();
        Path lib = unpacked.resolve("lib");
        List<Path> jars = List.of(lib.resolve(RealJars.sqlite().getFileName()), lib.resolve(RealJars.zstd().getFileName()));
        Processes.Result sqlite = Processes.java(dir, SqliteProbe.class, jars, "-Djava.io.tmpdir=" + dir);
        assertThat(sqlite.exitCode()).as(sqlite.both()).isZero();
        // The placed native is found on java.library.path: no temporary directory is needed at all.
        Processes.Result zstd = Processes.java(dir, ZstdProbe.class, jars,
                "-Djava.io.tmpdir=" + dir.resolve("no-such-directory"), "-Djava.library.path=" + lib);
        assertThat(zstd.exitCode()).as(zstd.both()).isZero();
        assertThat(zstd.stdout()).startsWith("OK ");
    }

    @Test
    void theSameJarsGiveTheSameBytes_whateverTheScratchDirectory() throws Exception {
        Path first = dir.resolve("a.zip");
        Path second = dir.resolve("b.zip");
        bundle(true, false, dir.resolve("one"), first);
        bundle(true, false, dir.resolve("two"), second);
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void withoutPruning_theJarsAreTheOriginals() throws Exception {
        Path zip = dir.resolve("function.zip");
        JavaFunctionBundler.Result result = bundle(false, false, dir.resolve("scratch"), zip);
        assertThat(result.pruned()).isEmpty();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            byte[] stored = z.getInputStream(z.getEntry("lib/" + RealJars.sqlite().getFileName())).readAllBytes();
            assertThat(stored).isEqualTo(Files.readAllBytes(RealJars.sqlite()));
        }
    }

    @Test
    void twoJarsOfTheSameFileName_areRefusedBeforeAnythingIsWritten() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("other")).resolve(RealJars.sqlite().getFileName());
        Files.copy(RealJars.sqlite(), copy);
        Path zip = dir.resolve("function.zip");
        assertThatThrownBy(() -> new JavaFunctionBundler(java21, new JavaFunctionBundler.Options(true, false, false,
                TIME, 6)).bundle(List.of(RealJars.sqlite(), copy), dir.resolve("scratch"), zip))
                .isInstanceOf(JarInputException.class)
                .hasMessageContaining("has the same file name as").hasMessageContaining("lib/" + copy.getFileName());
        assertThat(zip).doesNotExist();
    }
}
