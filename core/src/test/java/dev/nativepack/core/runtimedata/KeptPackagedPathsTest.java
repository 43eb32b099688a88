package dev.nativepack.core.runtimedata;

import static dev.nativepack.core.runtimedata.Oracles.dpkgListed;
import static dev.nativepack.core.runtimedata.Oracles.needsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.packages.DpkgDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dpkg's answers are kept until the database changes: a copy of this machine's database (its
 * status and lists) answers once, then its lists are removed with the database's times restored,
 * so that only a kept answer can still name dpkg; a changed status file asks again.
 */
class KeptPackagedPathsTest {
    @TempDir
    Path dir;

    @Test
    void dpkgsAnswerIsKeptUntilTheDatabaseChanges() throws Exception {
        Path admin = dir.resolve("admindir");
        Path info = Files.createDirectories(admin.resolve("info"));
        Files.copy(Path.of("/var/lib/dpkg/status"), admin.resolve("status"));
        try (Stream<Path> lists = Files.list(Path.of("/var/lib/dpkg/info"))) {
            for (Path list : (Iterable<Path>) lists.filter(p -> p.toString().endsWith(".list"))::iterator) {
                Files.copy(list, info.resolve(list.getFileName()));
            }
        }
        String gdalData = dpkgListed("gdal-data", "/gdal");

        assertThat(fromDpkg(needsOf("/usr/bin/gdalinfo", DpkgDatabase.at(admin, Path.of("/"))), gdalData)).isTrue();

        FileTime infoTime = Files.getLastModifiedTime(info);
        try (Stream<Path> lists = Files.list(info)) {
            for (Path list : (Iterable<Path>) lists::iterator) {
                Files.delete(list);
            }
        }
        Files.setLastModifiedTime(info, infoTime);
        assertThat(fromDpkg(needsOf("/usr/bin/gdalinfo", DpkgDatabase.at(admin, Path.of("/"))), gdalData))
                .as("kept: the database's state is as it was").isTrue();

        Files.setLastModifiedTime(admin.resolve("status"), FileTime.fromMillis(infoTime.toMillis() + 60_000));
        assertThat(fromDpkg(needsOf("/usr/bin/gdalinfo", DpkgDatabase.at(admin, Path.of("/"))), gdalData))
                .as("asked again after a change, and the lists are gone").isFalse();
    }

    private static boolean fromDpkg(List<RuntimeNeed> needs, String path) {
        return needs.stream().anyMatch(n -> n.path().equals(path) && n.sources().contains(NeedSource.DPKG));
    }
}
