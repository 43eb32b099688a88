package dev.nativepack.elf.strip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libraries of /usr/bin/gdalinfo's closure as the host's loader lists them. Debian ships them
 * stripped, so they come back unchanged; with a debug section added by objcopy they strip back to
 * the same loaded image with nothing new for eu-elflint.
 */
class ClosureStripTest {
    @TempDir
    static Path dir;
    static List<Path> closure;

    @BeforeAll
    static void listClosure() throws IOException {
        Path gdalinfo = Path.of("/usr/bin/gdalinfo");
        if (!Files.isRegularFile(gdalinfo)) {
            throw new AssertionError("missing /usr/bin/gdalinfo (install Debian package gdal-bin)");
        }
        closure = new ArrayList<>();
        for (String line : Toolchain.run(null, Map.of(), "ld.so", "--list", gdalinfo.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            String path = f.length >= 3 && f[1].equals("=>") ? f[2] : f[0];
            if (path.startsWith("/")) {
                closure.add(Path.of(path));
            }
        }
        assertThat(closure).hasSizeGreaterThan(50);
    }

    @Test
    void gdalinfoClosure_alreadyStripped_comesBackUnchanged() throws IOException {
        int changed = 0;
        for (Path lib : closure) {
            byte[] bytes = Files.readAllBytes(lib);
            StripResult all = Stripper.stripAll(bytes, lib.toString());
            StripResult split = Stripper.stripAndSplit(bytes, lib.toString());
            if (all.unchanged()) {
                assertThat(all.stripped()).as(lib.toString()).isSameAs(bytes);
                assertThat(all.bytesRemoved()).isZero();
                assertThat(split.stripped()).as("%s: no debug link when nothing is split off", lib).isSameAs(bytes);
                assertThat(split.debugFile()).isNull();
                continue;
            }
            changed++;
            Path out = StripFixtures.write(dir.resolve("unchanged").resolve(lib.getFileName()), all.stripped());
            ElfFile.parse(out, all.stripped()).sections();
            assertThat(Tools.sectionNames(out)).as(lib.toString()).doesNotContain(".gnu_debuglink");
            assertThat(Tools.readelf(out, "-l")).isEqualTo(Tools.readelf(lib, "-l"));
            assertThat(Tools.elflint(out)).isSubsetOf(Tools.elflint(lib));
        }
        System.out.printf("gdalinfo closure: %d libraries, %d had something to strip%n", closure.size(), changed);
    }

    @Test
    void gdalinfoClosure_withAddedDebugSection_stripsBackToTheSameImage() throws IOException {
        Path blob = dir.resolve("blob");
        Files.writeString(blob, "debugging information\n");
        for (Path lib : closure) {
            Path withDebug = dir.resolve("with-debug").resolve(lib.getFileName());
            Files.createDirectories(withDebug.getParent());
            Toolchain.run(null, Map.of(), "objcopy", "--add-section", ".debug_nativepack=" + blob, lib.toString(),
                    withDebug.toString());
            byte[] bytes = Files.readAllBytes(withDebug);
            StripResult result = Stripper.stripAll(bytes, withDebug.toString());
            assertThat(result.removedSections()).as(lib.toString()).containsExactly(".debug_nativepack");
            Path out = StripFixtures.write(dir.resolve("stripped").resolve(lib.getFileName()), result.stripped());

            ElfFile.parse(out, result.stripped()).sections();
            assertThat(Tools.sectionNames(out)).isEqualTo(Tools.sectionNames(lib));
            assertThat(Tools.readelf(out, "-l")).as(lib.toString()).isEqualTo(Tools.readelf(lib, "-l"));
            StripOracleTest.assertLoadedSectionsIdentical(lib, out);
            assertThat(Tools.elflint(out)).as(lib.toString()).isSubsetOf(Tools.elflint(lib));
        }
    }
}
