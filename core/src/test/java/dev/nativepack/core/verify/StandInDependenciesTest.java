package dev.nativepack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's libcurl standing in for a target whose libraries are only libcurl and glibc's. */
class StandInDependenciesTest {
    private static final Path LIBS = Path.of("/usr/lib/x86_64-linux-gnu");

    @TempDir
    Path dir;

    @Test
    void theStandInsOwnNeedsAreGivenToItAloneAndKept() throws Exception {
        Path curl = LIBS.resolve("libcurl.so.4").toRealPath();
        Map<String, Path> standIns = Map.of("/usr/lib64/libcurl.so.4", curl);
        Set<String> target = Set.of("libcurl.so.4", "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2");
        Path copies = dir.resolve("stand-ins");

        Map<String, Path> binds = StandInDependencies.binds(standIns, target, List.of(LIBS), copies);

        // Every library libcurl needs that the target lacks, as readelf reads its DT_NEEDED.
        String needed = Toolchain.run(dir, Map.of(), "readelf", "-dW", curl.toString());
        assertThat(needed).contains("[librtmp.so.1]");
        assertThat(binds).containsKey(StandInDependencies.DIRECTORY + "/librtmp.so.1")
                .doesNotContainKey(StandInDependencies.DIRECTORY + "/libc.so.6");
        Path copy = binds.get("/usr/lib64/libcurl.so.4");
        assertThat(copy).startsWith(copies).hasFileName(curl.getFileName().toString());
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", copy.toString()))
                .contains("Library runpath: [" + StandInDependencies.DIRECTORY + "]");
        assertThat(StandInDependencies.binds(standIns, target, List.of(LIBS), copies)).isEqualTo(binds);

        // A copy removed from the cache is made again rather than bound from nowhere.
        FileTrees.delete(copy.getParent());
        Map<String, Path> again = StandInDependencies.binds(standIns, target, List.of(LIBS), copies);
        assertThat(again).isEqualTo(binds);
        assertThat(again.get("/usr/lib64/libcurl.so.4")).isRegularFile();
    }

    @Test
    void aCacheThatCannotBeWrittenLeavesTheStandInAsItIs() throws Exception {
        Path curl = LIBS.resolve("libcurl.so.4").toRealPath();
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        Map<String, Path> binds = StandInDependencies.binds(Map.of("/usr/lib64/libcurl.so.4", curl),
                Set.of("libcurl.so.4", "libc.so.6"), List.of(LIBS), notADirectory.resolve("stand-ins"));

        assertThat(binds.get("/usr/lib64/libcurl.so.4")).isEqualTo(curl);
        assertThat(binds).containsKey(StandInDependencies.DIRECTORY + "/librtmp.so.1");
    }

    @Test
    void aStandInThatNeedsOnlyTheTargetsLibrariesIsBoundAsItIs() throws Exception {
        Path z = LIBS.resolve("libz.so.1").toRealPath();

        Map<String, Path> binds = StandInDependencies.binds(Map.of("/usr/lib64/libz.so.1", z),
                Set.of("libz.so.1", "libc.so.6"), List.of(LIBS), dir.resolve("stand-ins"));

        assertThat(binds).isEmpty();
    }
}
