package dev.nativepack.core.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg's database read as files agrees with dpkg itself (dpkg -S, dpkg -L, dpkg-query). */
class DpkgDatabaseTest {
    private static final DpkgDatabase DPKG = DpkgDatabase.of(Path.of("/"));

    @TempDir
    Path dir;

    @Test
    void ownersAreThePackagesDpkgSearchNames() throws Exception {
        // libc.so.6 is listed as /lib/x86_64-linux-gnu/libc.so.6, whose real path is under /usr/lib (merged /usr).
        List<String> named = List.of("/usr/lib/x86_64-linux-gnu/libgdal.so.32", "/usr/lib/x86_64-linux-gnu/libproj.so.25",
                "/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/gdalinfo");
        List<Path> files = new ArrayList<>();
        for (String n : named) {
            files.add(real(n));
        }

        Map<Path, DpkgDatabase.Owner> owners = DPKG.readingAhead().owners(files);

        assertThat(owners).hasSize(files.size());
        for (String n : named) {
            // Asked by the path the package lists; the database is asked by the real file.
            String searched = Toolchain.run(null, Map.of(), "dpkg", "-S", n).strip();
            String pkg = searched.substring(0, searched.indexOf(':'));
            String version = Toolchain.run(null, Map.of(), "dpkg-query", "-W", "-f=${Version}", pkg).strip();
            assertThat(owners.get(real(n)).pkg()).as(n).isEqualTo(pkg);
            assertThat(owners.get(real(n)).version()).as(n).isEqualTo(version);
        }
    }

    @Test
    void aPackagesFilesAreWhatDpkgListPrints() throws Exception {
        for (String pkg : List.of("gdal-data", "libproj25")) {
            List<String> listed = new ArrayList<>(List.of(Toolchain.run(null, Map.of(), "dpkg", "-L", pkg).split("\n")));
            listed.remove("/.");

            assertThat(DPKG.files(pkg)).as(pkg).containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @Test
    void dependenciesAndSourceAreDpkgQuerys() throws Exception {
        String depends = Toolchain.run(null, Map.of(), "dpkg-query", "-W", "-f=${Depends}", "libgdal32");
        String source = Toolchain.run(null, Map.of(), "dpkg-query", "-W", "-f=${source:Package}", "gdal-data").strip();

        assertThat(DPKG.dependencies("libgdal32")).contains("gdal-data", "gdal-plugins", "libproj25")
                .allSatisfy(d -> assertThat(depends).contains(d));
        assertThat(DPKG.source("gdal-data")).isEqualTo(source).isEqualTo(DPKG.source("libgdal32"));
    }

    @Test
    void withoutADatabaseEveryAnswerIsEmpty() throws Exception {
        DpkgDatabase none = DpkgDatabase.at(dir.resolve("admindir"), Path.of("/"));

        assertThat(none.exists()).isFalse();
        assertThat(none.readingAhead().owners(List.of(real("/usr/bin/gdalinfo")))).isEmpty();
        assertThat(none.files("gdal-data")).isEmpty();
        assertThat(none.dependencies("libgdal32")).isEmpty();
        assertThat(none.source("gdal-data")).isNull();
    }

    @Test
    void theListsIndexIsKeptUntilDpkgChangesTheDatabase() throws Exception {
        Path root = dir.resolve("root");
        Path admin = root.resolve("var/lib/dpkg");
        Path cache = dir.resolve("cache");
        Files.createDirectories(admin.resolve("info"));
        Files.createDirectories(root.resolve("bin"));
        for (String f : List.of("a", "b", "c")) {
            Files.writeString(root.resolve("bin/" + f), f);
        }
        Files.writeString(admin.resolve("info/acme.list"), "/.\n/bin\n/bin/a\n");
        Files.writeString(admin.resolve("status"), stanza("acme", "1.0"));

        assertThat(DpkgDatabase.at(admin, root, cache).owners(List.of(root.resolve("bin/a"))))
                .containsOnlyKeys(root.resolve("bin/a"));
        assertThat(cache).isNotEmptyDirectory();
        // Written in place, which dpkg never does: the kept index does not see it, so it was used.
        Files.writeString(admin.resolve("info/acme.list"), "/.\n/bin\n/bin/a\n/bin/c\n");
        assertThat(DpkgDatabase.at(admin, root, cache).owners(List.of(root.resolve("bin/c")))).isEmpty();
        // dpkg installs a package: a new list appears and the status file is rewritten.
        Files.writeString(admin.resolve("info/other.list"), "/.\n/bin\n/bin/b\n");
        Files.writeString(admin.resolve("status"), stanza("acme", "1.0") + "\n" + stanza("other", "2.0"));

        Map<Path, DpkgDatabase.Owner> owners = DpkgDatabase.at(admin, root, cache)
                .owners(List.of(root.resolve("bin/b"), root.resolve("bin/c")));

        assertThat(owners.get(root.resolve("bin/b"))).isEqualTo(new DpkgDatabase.Owner("other", "2.0", "other"));
        assertThat(owners.get(root.resolve("bin/c"))).isEqualTo(new DpkgDatabase.Owner("acme", "1.0", "acme"));
    }

    private static String stanza(String pkg, String version) {
        return "Package: " + pkg + "\nStatus: install ok installed\nArchitecture: all\nVersion: " + version + "\n";
    }

    private static Path real(String path) throws Exception {
        return Path.of(path).toRealPath();
    }
}
