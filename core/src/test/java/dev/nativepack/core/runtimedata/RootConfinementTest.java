package dev.nativepack.core.runtimedata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.packages.DpkgDatabase;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build root other than /, without dpkg: the table and the strings still find what a file needs,
 * and no symbolic link leads the search or the sizes out of the root.
 */
class RootConfinementTest {
    @TempDir
    Path root;

    private RuntimeDataFinder finder() {
        return new RuntimeDataFinder(root, DpkgDatabase.of(root), RuntimeDataTable.builtIn(), path -> null);
    }

    @Test
    void aPathNamedInAProgramIsFoundOnTheRootAndLinksOutOfItAreNot() throws Exception {
        Files.createDirectories(root.resolve("usr/share/acme"));
        Files.write(root.resolve("usr/share/acme/data.bin"), new byte[100]);
        // Each would reach this machine's /etc if links were followed as the host follows them.
        Files.createSymbolicLink(root.resolve("usr/share/absolute"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("usr/share/climbing"), Path.of("../../../../../../../../etc"));
        Files.createSymbolicLink(root.resolve("usr/share/acme/outside"), Path.of("/etc/passwd"));
        Path prog = Toolchain.NATIVE.compile(root.resolve("usr/bin/acme"), "#include <stdio.h>\n"
                + "int main(int c, char **v) { puts(c > 1 ? \"/usr/share/acme\" : c > 2 ? \"/usr/share/absolute/passwd\""
                + " : \"/usr/share/climbing/passwd\"); return 0; }\n");

        List<RuntimeNeed> needs = finder().find(List.of(ObjectFile.of(ElfFile.open(prog))));

        assertThat(needs).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/usr/share/acme");
            assertThat(n.hostPath()).isEqualTo(root.resolve("usr/share/acme"));
            assertThat(n.kind()).isEqualTo(NeedKind.DATA_DIRECTORY);
            assertThat(n.destination()).isEqualTo("share/acme");
            assertThat(n.environment()).isEmpty();
            // The link into the host's /etc counts as a link, not as the file it names.
            assertThat(n.bytes()).isEqualTo(100);
            assertThat(n.files()).isEqualTo(2);
            assertThat(n.sources()).containsExactly(NeedSource.STRINGS);
            assertThat(n.provenance()).isNull();
        });
    }

    @Test
    void aKnownLibraryOnARootWithoutDpkgGetsItsNeedsFromTheTable() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(root.resolve("usr/lib/x86_64-linux-gnu/libproj.so.25"), "proj_info",
                25, "-Wl,-soname,libproj.so.25");
        Files.createDirectories(root.resolve("usr/share/proj"));
        Files.write(root.resolve("usr/share/proj/proj.db"), new byte[4096]);
        Files.write(root.resolve("usr/share/proj/us_noaa_conus.tif"), new byte[1000]);

        List<RuntimeNeed> needs = finder().find(List.of(ObjectFile.of(ElfFile.open(lib))));

        assertThat(needs).singleElement().satisfies(n -> {
            assertThat(n.library()).isEqualTo("libproj.so.25");
            assertThat(n.path()).isEqualTo("/usr/share/proj");
            assertThat(n.sources()).containsExactly(NeedSource.TABLE);
            assertThat(n.bytes()).isEqualTo(5096);
            assertThat(n.optionalParts()).containsExactly(new OptionalPart("grid", "us_noaa_conus", "us_noaa_conus.tif",
                    1000, true));
            assertThat(n.note()).isNull();
            assertThat(n.provenance()).contains("proj.org");
        });
        assertThat(RuntimeEnvironment.of(needs, "/opt")).containsExactly(
                java.util.Map.entry("PROJ_DATA", "/opt/share/proj"), java.util.Map.entry("PROJ_LIB", "/opt/share/proj"));
    }

    @Test
    void aDpkgDatabaseThatCannotBeReadIsLeftOutAndTheOtherSourcesStillSpeak() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(root.resolve("usr/lib/libproj.so.25"), "proj_info", 25,
                "-Wl,-soname,libproj.so.25");
        Files.createDirectories(root.resolve("usr/share/proj"));
        Files.write(root.resolve("usr/share/proj/proj.db"), new byte[10]);
        // A "list" dpkg could never read either: a directory where a file list should be.
        Files.createDirectories(root.resolve("var/lib/dpkg/info/broken.list"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");

        List<RuntimeNeed> needs = new RuntimeDataFinder(root, DpkgDatabase.at(root.resolve("var/lib/dpkg"), root,
                root.resolve("cache")), RuntimeDataTable.builtIn(), path -> null)
                .find(List.of(ObjectFile.of(ElfFile.open(lib))));

        assertThat(needs).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/usr/share/proj");
            assertThat(n.sources()).containsExactly(NeedSource.TABLE);
        });
    }

    @Test
    void aMissingRequiredFileIsNoted() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(root.resolve("usr/lib/libproj.so.25"), "proj_info", 25,
                "-Wl,-soname,libproj.so.25");
        Files.createDirectories(root.resolve("usr/share/proj"));

        List<RuntimeNeed> needs = finder().find(List.of(ObjectFile.of(ElfFile.open(lib))));

        assertThat(needs).singleElement().satisfies(n -> assertThat(n.note()).isEqualTo(
                "proj.db is missing on this machine"));
    }
}
