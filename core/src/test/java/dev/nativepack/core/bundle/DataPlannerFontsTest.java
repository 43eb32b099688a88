package dev.nativepack.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.runtimedata.ObjectFile;
import dev.nativepack.core.runtimedata.OptionalPart;
import dev.nativepack.core.runtimedata.RuntimeDataFinder;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which fonts a bundle brings, on a build root with a desktop's worth of families: the standard
 * ones the table keeps by default, the others on request, none when told; fonts.conf names
 * whichever the bundle brings.
 */
class DataPlannerFontsTest {
    @TempDir
    Path root;

    @BeforeEach
    void aRootWithFontconfigAndThreeFamilies() throws Exception {
        Toolchain.NATIVE.sharedLibrary(root.resolve("usr/lib/x86_64-linux-gnu/libfontconfig.so.1"), "FcInit", 1,
                "-Wl,-soname,libfontconfig.so.1");
        Files.createDirectories(root.resolve("etc/fonts/conf.d"));
        Files.copy(Path.of("/etc/fonts/fonts.conf"), root.resolve("etc/fonts/fonts.conf"));
        Files.writeString(root.resolve("etc/fonts/conf.d/60-latin.conf"), "<fontconfig/>\n");
        font("truetype/dejavu/DejaVuSans.ttf", 3000);
        font("truetype/liberation2/LiberationSans-Regular.ttf", 2000);
        font("truetype/noto/NotoSans-Regular.ttf", 50_000);
    }

    private void font(String path, int bytes) throws Exception {
        Path f = root.resolve("usr/share/fonts").resolve(path);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes]);
    }

    private DataPlanner.Planned plan(DataSelection selection) throws Exception {
        ElfFile lib = ElfFile.open(root.resolve("usr/lib/x86_64-linux-gnu/libfontconfig.so.1"));
        return new DataPlanner(selection, root).plan(RuntimeDataFinder.onRoot(root, p -> null)
                .find(List.of(ObjectFile.of(lib))), "/var/task");
    }

    private static List<String> paths(DataPlanner.Planned p) {
        return p.files().stream().map(BundleFile::path).toList();
    }

    private static String fontsConf(DataPlanner.Planned p) {
        return p.generated().stream().filter(g -> g.path().equals("etc/fonts/fonts.conf"))
                .map(g -> new String(g.bytes(), StandardCharsets.ISO_8859_1)).findFirst().orElseThrow();
    }

    private static DataChoice fonts(DataPlanner.Planned p) {
        return p.data().choices().stream().filter(c -> c.need().destination().equals("share/fonts")).findFirst()
                .orElseThrow();
    }

    @Test
    void byDefault_theStandardFamiliesAreBrought_othersListedWithTheirSize() throws Exception {
        DataPlanner.Planned p = plan(DataSelection.DEFAULT);

        assertThat(paths(p)).contains("share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "etc/fonts/conf.d/60-latin.conf")
                .doesNotContain("share/fonts/truetype/noto/NotoSans-Regular.ttf", "etc/fonts/fonts.conf");
        assertThat(fonts(p).status()).isEqualTo(DataChoice.Status.BUNDLED);
        assertThat(fonts(p).bytes()).isEqualTo(5000);
        assertThat(fonts(p).leftOut()).containsExactly(new OptionalPart("font family", "truetype/noto", "truetype/noto",
                50_000, true));
        assertThat(fontsConf(p)).contains("<dir prefix=\"relative\">../../share/fonts</dir>")
                .contains("<cachedir>/tmp/fontconfig</cachedir>");
        assertThat(p.generated()).filteredOn(g -> g.path().equals("etc/fonts/fonts.conf")).singleElement()
                .satisfies(g -> assertThat(g.reason()).isEqualTo("configuration of libfontconfig.so.1, rewritten for "
                        + "the bundle"));
    }

    @Test
    void aFamilyAskedForIsBrought() throws Exception {
        DataPlanner.Planned p = plan(new DataSelection(List.of("share/fonts/truetype/noto"), List.of()));

        assertThat(paths(p)).contains("share/fonts/truetype/noto/NotoSans-Regular.ttf",
                "share/fonts/truetype/dejavu/DejaVuSans.ttf");
        assertThat(fonts(p).leftOut()).isEmpty();
    }

    @Test
    void fontsExcluded_noneIsBrought_andFontsConfStillNamesTheTargetsDirectoryButCachesUnderTmp() throws Exception {
        DataPlanner.Planned p = plan(new DataSelection(List.of(), List.of("share/fonts")));

        assertThat(paths(p)).noneMatch(f -> f.startsWith("share/fonts"));
        assertThat(fonts(p).status()).isEqualTo(DataChoice.Status.LEFT_OUT);
        assertThat(fonts(p).why()).isEqualTo("left out by --data-exclude");
        assertThat(fontsConf(p)).contains("<dir>/usr/share/fonts</dir>").doesNotContain("prefix=\"relative\"")
                .contains("<cachedir>/tmp/fontconfig</cachedir>");
    }

    @Test
    void configurationExcluded_theFontsAreNotBroughtAsNothingWouldFindThem() throws Exception {
        DataPlanner.Planned p = plan(new DataSelection(List.of(), List.of("etc/fonts")));

        assertThat(paths(p)).isEmpty();
        assertThat(fonts(p).why()).isEqualTo("nothing would find it: etc/fonts, whose configuration names it, is left out");
    }

    @Test
    void noStandardFamilyOnTheRoot_noneIsBroughtAndTheChoiceSaysHowToBringOne() throws Exception {
        Files.walk(root.resolve("usr/share/fonts/truetype")).sorted(java.util.Comparator.reverseOrder())
                .filter(f -> !f.toString().contains("noto") && !f.endsWith("truetype")).forEach(f -> f.toFile().delete());

        DataPlanner.Planned p = plan(DataSelection.DEFAULT);

        assertThat(fonts(p).status()).isEqualTo(DataChoice.Status.LEFT_OUT);
        assertThat(fonts(p).why()).isEqualTo("no font family of it is brought by default (--data-include "
                + "share/fonts/NAME brings one)");
    }

    /**
     * Fedora and Amazon Linux keep each font package in a directory of its own right under
     * /usr/share/fonts: a family is that directory, not each file in it.
     */
    @Test
    void aRootWithADirectoryPerFontPackage_theDirectoriesAreTheFamilies() throws Exception {
        Files.walk(root.resolve("usr/share/fonts")).sorted(java.util.Comparator.reverseOrder())
                .filter(f -> !f.equals(root.resolve("usr/share/fonts"))).forEach(f -> f.toFile().delete());
        font("dejavu-sans-fonts/DejaVuSans.ttf", 3000);
        font("dejavu-sans-fonts/DejaVuSans-Bold.ttf", 3000);
        font("liberation-sans-fonts/LiberationSans-Regular.ttf", 2000);
        font("google-noto-sans-fonts/NotoSans-Regular.ttf", 50_000);
        font("google-noto-sans-fonts/NotoSans-Bold.ttf", 50_000);
        font("fonts.dir", 10);

        DataPlanner.Planned p = plan(DataSelection.DEFAULT);

        assertThat(paths(p)).contains("share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
                "share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
                "share/fonts/liberation-sans-fonts/LiberationSans-Regular.ttf", "share/fonts/fonts.dir")
                .noneMatch(f -> f.contains("noto"));
        assertThat(fonts(p).leftOut()).containsExactly(new OptionalPart("font family", "google-noto-sans-fonts",
                "google-noto-sans-fonts", 100_000, true));
        assertThat(paths(plan(new DataSelection(List.of("share/fonts/google-noto-sans-fonts"), List.of()))))
                .contains("share/fonts/google-noto-sans-fonts/NotoSans-Bold.ttf");
    }
}
