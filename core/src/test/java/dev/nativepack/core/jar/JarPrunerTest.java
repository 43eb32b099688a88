package dev.nativepack.core.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nativepack.core.jar.probe.JnaProbe;
import dev.nativepack.core.jar.probe.RuntimeClientProbe;
import dev.nativepack.core.jar.probe.SnappyProbe;
import dev.nativepack.core.jar.probe.SqliteProbe;
import dev.nativepack.core.jar.probe.ZstdProbe;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pruning real jars for this machine's platform (linux x86_64 glibc, the java21 target): what is
 * left loads its native in a fresh JVM with only the pruned jar; every other entry is the input's,
 * byte for byte and in order, as Commons Compress reads them back; unzip finds no error; the same
 * input gives the same bytes.
 */
class JarPrunerTest {
    @TempDir
    Path scratch;

    static Target java21() throws Exception {
        return TargetCatalog.builtIn().find("aws-lambda/java21/x86_64");
    }

    static Stream<Arguments> jarsAndProbes() {
        return Stream.of(Arguments.of(RealJars.sqlite(), SqliteProbe.class), Arguments.of(RealJars.zstd(), ZstdProbe.class),
                Arguments.of(RealJars.jna(), JnaProbe.class), Arguments.of(RealJars.snappy(), SnappyProbe.class),
                Arguments.of(RealJars.runtimeClient(), RuntimeClientProbe.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jarsAndProbes")
    void testPrune_theJarStillLoadsItsNativeInAFreshJvm(Path jar, Class<?> probe) throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the java21 x86_64 target is this machine's");
        Path out = scratch.resolve("pruned.jar");
        PruneResult result = new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(jar.toString(), out);

        assertThat(result.jars().get(0).dropped()).isNotEmpty();
        assertThat(result.bytesSaved()).isEqualTo(Files.size(jar) - Files.size(out)).isPositive();
        Processes.Result run = Processes.java(scratch, probe, List.of(out), "-Djava.io.tmpdir=" + scratch);
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).startsWith("OK");
        assertThat(Processes.run("unzip", "-tq", out.toString()).exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jarsAndProbes")
    void testPrune_keepsEveryOtherEntryByteForByteInOrder(Path jar, Class<?> probe) throws Exception {
        Path out = scratch.resolve("pruned.jar");
        PruneResult result = new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(jar.toString(), out);
        Set<String> dropped = result.jars().get(0).dropped().stream().map(EmbeddedNative::entry)
                .collect(Collectors.toSet());
        JarScanReport scan = new JarScanner(java21(), Path.of("/")).scan(List.of(jar.toString()));
        assertThat(dropped).isEqualTo(scan.natives().stream()
                .filter(n -> n.fit().decision() == TargetFit.Decision.DROP).map(EmbeddedNative::entry)
                .collect(Collectors.toSet()));

        try (ZipFile in = ZipFile.builder().setPath(jar).get(); ZipFile pruned = ZipFile.builder().setPath(out).get()) {
            List<ZipArchiveEntry> expected = new ArrayList<>();
            for (ZipArchiveEntry e : Collections.list(in.getEntriesInPhysicalOrder())) {
                if (!dropped.contains(e.getName())) {
                    expected.add(e);
                }
            }
            List<ZipArchiveEntry> actual = Collections.list(pruned.getEntriesInPhysicalOrder());
            assertThat(actual.stream().map(ZipArchiveEntry::getName).toList())
                    .isEqualTo(expected.stream().map(ZipArchiveEntry::getName).toList());
            for (int i = 0; i < actual.size(); i++) {
                ZipArchiveEntry a = actual.get(i);
                ZipArchiveEntry e = expected.get(i);
                assertThat(a.getMethod()).as(a.getName()).isEqualTo(e.getMethod());
                assertThat(a.getCrc()).as(a.getName()).isEqualTo(e.getCrc());
                assertThat(a.getTime()).as(a.getName()).isEqualTo(e.getTime());
                assertThat(a.getExternalAttributes()).as(a.getName()).isEqualTo(e.getExternalAttributes());
                assertThat(a.getCentralDirectoryExtra()).as(a.getName()).isEqualTo(e.getCentralDirectoryExtra());
                assertThat(a.getLocalFileDataExtra()).as(a.getName()).isEqualTo(e.getLocalFileDataExtra());
                assertThat(a.getGeneralPurposeBit()).as(a.getName()).isEqualTo(e.getGeneralPurposeBit());
                try (InputStream ra = pruned.getRawInputStream(a); InputStream re = in.getRawInputStream(e)) {
                    assertThat(ra.readAllBytes()).as("stored bytes of %s", a.getName()).isEqualTo(re.readAllBytes());
                }
            }
        }
        assertThat(Processes.run("unzip", "-tq", out.toString()).exitCode()).isZero();
    }

    /**
     * Info-ZIP's `zip -d`, deleting the same entries from a copy, writes the very same bytes, but
     * for one thing: it folds data descriptors (zstd-jni's and snappy-java's entries have them)
     * into the local headers, where the copy keeps each entry's 16-byte descriptor as it was.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jarsAndProbes")
    void testPrune_writesWhatZipDeleteWrites(Path jar, Class<?> probe) throws Exception {
        Path out = scratch.resolve("pruned.jar");
        PruneResult result = new JarPruner(java21(), JarPruner.Options.DEFAULT).prune(jar.toString(), out);
        Path copy = scratch.resolve("zip-d.jar");
        Files.copy(jar, copy);
        List<String> zip = new ArrayList<>(List.of("zip", "-q", "-d", copy.toString()));
        result.jars().get(0).dropped().forEach(n -> zip.add(n.entry()));
        Processes.Result deleted = Processes.run(zip);
        assertThat(deleted.exitCode()).as(deleted.both()).isZero();
        long descriptors;
        try (ZipFile zipped = ZipFile.builder().setPath(out).get()) {
            descriptors = Collections.list(zipped.getEntries()).stream()
                    .filter(e -> e.getGeneralPurposeBit().usesDataDescriptor()).count();
        }
        if (descriptors == 0) {
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(copy));
        } else {
            assertThat(Files.size(out) - Files.size(copy)).isEqualTo(16 * descriptors);
            try (ZipFile a = ZipFile.builder().setPath(out).get(); ZipFile b = ZipFile.builder().setPath(copy).get()) {
                assertThat(Collections.list(a.getEntriesInPhysicalOrder()).stream().map(e -> e.getName() + " " + e.getCrc())
                        .toList()).isEqualTo(Collections.list(b.getEntriesInPhysicalOrder()).stream()
                        .map(e -> e.getName() + " " + e.getCrc()).toList());
            }
        }
    }

    @Test
    void testPrune_isReproducibleAndIdempotent() throws Exception {
        Path first = Files.createDirectories(scratch.resolve("a")).resolve("sqlite.jar");
        Path second = Files.createDirectories(scratch.resolve("b")).resolve("other-name.jar");
        JarPruner pruner = new JarPruner(java21(), JarPruner.Options.DEFAULT);
        pruner.prune(RealJars.sqlite().toString(), first);
        pruner.prune(RealJars.sqlite().toString(), second);
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));

        Path again = scratch.resolve("again.jar");
        PruneResult twice = pruner.prune(first.toString(), again);
        assertThat(twice.jars().get(0).dropped()).isEmpty();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void testPrune_forArm64KeepsOnlyTheArm64GlibcNatives() throws Exception {
        Path out = scratch.resolve("ric-arm64.jar");
        new JarPruner(TargetCatalog.builtIn().find("aws-lambda/java21/arm64"), JarPruner.Options.DEFAULT)
                .prune(RealJars.runtimeClient().toString(), out);
        JarScanReport left = new JarScanner(null, Path.of("/")).scan(List.of(out.toString()));
        assertThat(left.natives()).extracting(n -> n.identity().platform())
                .containsExactly(new NativePlatform("linux", "arm64", "glibc"));
    }

    /**
     * zstd-jni tries System.loadLibrary("zstd-jni-VERSION") before extracting: with the placed
     * copy on java.library.path it loads with a temporary directory that cannot be written; without
     * it, the same run fails, so the copy is what made it work.
     */
    @Test
    void testPrune_extractedNativeLoadsWithoutExtraction() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the java21 x86_64 target is this machine's");
        Path out = scratch.resolve("zstd.jar");
        Path lib = scratch.resolve("lib");
        PruneResult result = new JarPruner(java21(), new JarPruner.Options(false, lib)).prune(RealJars.zstd().toString(), out);
        assertThat(result.extracted()).containsExactly(lib.resolve("libzstd-jni-1.5.7-21.so"));
        String noTmp = "-Djava.io.tmpdir=" + scratch.resolve("no-such-directory");

        Processes.Result placed = Processes.java(scratch, ZstdProbe.class, List.of(out), noTmp, "-Djava.library.path=" + lib);
        assertThat(placed.exitCode()).as(placed.both()).isZero();
        Processes.Result extracting = Processes.java(scratch, ZstdProbe.class, List.of(out), noTmp);
        assertThat(extracting.exitCode()).as("without the placed copy it must extract, and cannot").isNotZero();
    }

    @Test
    void testPrune_extractsOnlyForLibrariesThatLoadFirst() throws Exception {
        Path lib = scratch.resolve("lib");
        PruneResult result = new JarPruner(java21(), new JarPruner.Options(false, lib))
                .prune(RealJars.sqlite().toString(), scratch.resolve("sqlite.jar"));
        assertThat(result.extracted()).isEmpty();
        assertThat(lib).doesNotExist();
    }

    @Test
    void testPrune_refusesADirectoryAndAMissingFileAndLeavesNothing() throws Exception {
        JarPruner pruner = new JarPruner(java21(), JarPruner.Options.DEFAULT);
        Path out = scratch.resolve("out.jar");
        assertThatThrownBy(() -> pruner.prune(scratch.toString(), out)).isInstanceOf(JarInputException.class)
                .hasMessage(scratch + ": is a directory; prune takes one jar or zip");
        assertThatThrownBy(() -> pruner.prune(scratch.resolve("gone.jar").toString(), out))
                .isInstanceOf(JarInputException.class).hasMessageEndingWith("gone.jar: no such file or directory");
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }
}
