package dev.nativepack.core.runtimedata;

import static dev.nativepack.core.packages.RpmRoots.calls;
import static dev.nativepack.core.packages.RpmRoots.countingRpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.packages.PackageDatabase;
import dev.nativepack.core.packages.RpmDatabase;
import dev.nativepack.core.packages.RpmRoots;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a root with an rpm database (packages rpmbuild made, installed with rpm --root), rpm is the
 * package manager's source: libdemo brings /usr/share/demo, which libdemo-data of the same source
 * rpm installs, and nothing of the packages of other sources or those it does not require. A root
 * without the database never runs rpm; a damaged one is left out, and asked again next time.
 */
class RpmRuntimeDataTest {
    @TempDir
    static Path work;
    private static List<Path> packages;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() throws IOException {
        packages = RpmRoots.build(work);
    }

    private static List<RuntimeNeed> needs(Path root, PackageDatabase db) throws IOException {
        ElfFile library = ElfFile.open(root.resolve(RpmRoots.LIBRARY));
        return new RuntimeDataFinder(root, db, RuntimeDataTable.builtIn(), path -> null)
                .find(List.of(ObjectFile.of(library)));
    }

    @Test
    void theDataPackageOfTheSameSourceRpmIsFoundWithRpmAsTheEvidence() throws Exception {
        Path root = RpmRoots.install(dir.resolve("root"), packages);
        Path log = dir.resolve("calls");

        List<RuntimeNeed> needs = needs(root, RpmDatabase.of(root, countingRpm(dir, log)));

        assertThat(Oracles.paths(needs)).containsExactly("/usr/share/demo");
        RuntimeNeed demo = needs.get(0);
        assertThat(demo.library()).isEqualTo("libdemo.so.1");
        assertThat(demo.sources()).containsExactly(NeedSource.RPM);
        assertThat(demo.evidence()).containsExactly(new Evidence(NeedSource.RPM, "libdemo-data"));
        assertThat(demo.kind()).isEqualTo(NeedKind.DATA_DIRECTORY);
        assertThat(demo.what()).isEqualTo("files libdemo-data installs with libdemo.so.1");
        assertThat(demo.files()).isEqualTo(2);
        assertThat(demo.bytes()).isEqualTo("table".length() + "odd".length());
        // The owner, then one query for what it requires: the data packages' lists come with it.
        assertThat(calls(log)).isEqualTo(2);

        needs(root, RpmDatabase.of(root, countingRpm(dir, log)));
        assertThat(calls(log)).as("kept until the database changes").isEqualTo(2);
    }

    @Test
    void aRootWithoutAnRpmDatabaseNeverRunsRpm() throws Exception {
        Path installed = RpmRoots.install(dir.resolve("installed"), packages);
        Path root = dir.resolve("copy");
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.copy(installed.resolve(RpmRoots.LIBRARY), root.resolve(RpmRoots.LIBRARY));
        Files.createDirectories(root.resolve("usr/share/demo"));
        Files.writeString(root.resolve("usr/share/demo/table.dat"), "table");
        // As Debian's rpm package leaves the host: the directory, no database in it.
        Files.createDirectories(root.resolve("var/lib/rpm"));
        Path log = dir.resolve("calls");

        List<RuntimeNeed> needs = needs(root, RpmDatabase.of(root, countingRpm(dir, log)));

        assertThat(needs).isEmpty();
        assertThat(calls(log)).isZero();
        assertThat(PackageDatabase.of(root).exists()).isFalse();
    }

    @Test
    void aDamagedDatabaseIsLeftOutAndAskedAgainOnceItIsWhole() throws Exception {
        Path root = RpmRoots.install(dir.resolve("root"), packages);
        Path sqlite = root.resolve("var/lib/rpm/rpmdb.sqlite");
        byte[] whole = Files.readAllBytes(sqlite);
        byte[] damaged = whole.clone();
        java.util.Arrays.fill(damaged, 16, damaged.length, (byte) 0x5a);
        Files.write(sqlite, damaged);
        Path log = dir.resolve("calls");

        assertThat(needs(root, RpmDatabase.of(root, countingRpm(dir, log)))).isEmpty();
        assertThat(calls(log)).isEqualTo(1);

        // Whole again, with the damaged file's size and time: an answer kept from the failure would stand.
        var time = Files.getLastModifiedTime(sqlite);
        Files.write(sqlite, whole);
        Files.setLastModifiedTime(sqlite, time);
        assertThat(needs(root, RpmDatabase.of(root, countingRpm(dir, log)))).extracting(RuntimeNeed::path)
                .containsExactly("/usr/share/demo");
    }

    @Test
    void withoutTheRpmProgramTheSourceIsLeftOut() throws Exception {
        Path root = RpmRoots.install(dir.resolve("root"), packages);

        RpmDatabase db = RpmDatabase.of(root, dir.resolve("bin/rpm"));

        assertThat(db.exists()).isFalse();
        assertThat(needs(root, db)).isEmpty();
    }
}
