package dev.nativepack.core.runtimedata;

import static dev.nativepack.core.runtimedata.Oracles.at;
import static dev.nativepack.core.runtimedata.Oracles.bytesOnDisk;
import static dev.nativepack.core.runtimedata.Oracles.dpkgList;
import static dev.nativepack.core.runtimedata.Oracles.dpkgListed;
import static dev.nativepack.core.runtimedata.Oracles.entriesOnDisk;
import static dev.nativepack.core.runtimedata.Oracles.needsOf;
import static dev.nativepack.core.runtimedata.Oracles.realPath;
import static dev.nativepack.core.runtimedata.Oracles.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.packages.DpkgDatabase;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real Debian programs load at run time, found from dpkg's lists, the table and their strings,
 * and held against dpkg -L, strings(1) and the files on disk.
 */
class RuntimeDataFinderTest {
    @TempDir
    Path dir;

    @Test
    void gdalinfoNeedsGdalDataItsPluginDirectoryAndProjDb() throws Exception {
        List<RuntimeNeed> needs = needsOf("/usr/bin/gdalinfo");

        String gdalData = dpkgListed("gdal-data", "/gdal");
        RuntimeNeed data = at(needs, gdalData);
        assertThat(data.library()).startsWith("libgdal.so.");
        assertThat(data.kind()).isEqualTo(NeedKind.DATA_DIRECTORY);
        assertThat(data.environment()).containsExactly(new EnvironmentSetting("GDAL_DATA", "share/gdal", false));
        assertThat(data.destination()).isEqualTo("share/gdal");
        assertThat(data.bytes()).isEqualTo(bytesOnDisk(gdalData));
        assertThat(data.files()).isEqualTo(entriesOnDisk(gdalData));
        assertThat(data.sources()).containsExactly(NeedSource.DPKG, NeedSource.TABLE, NeedSource.STRINGS);
        assertThat(strings(realPath("/usr/lib/x86_64-linux-gnu/" + data.library()))).contains(gdalData);

        String plugins = dpkgListed("gdal-plugins", "/gdalplugins");
        RuntimeNeed driver = at(needs, plugins);
        assertThat(driver.kind()).isEqualTo(NeedKind.PLUGIN_DIRECTORY);
        assertThat(driver.environment()).extracting(EnvironmentSetting::name).containsExactly("GDAL_DRIVER_PATH");
        assertThat(driver.bytes()).isEqualTo(bytesOnDisk(plugins));

        String projDb = dpkgListed("proj-data", "/proj.db");
        String projDir = projDb.substring(0, projDb.lastIndexOf('/'));
        RuntimeNeed proj = at(needs, projDir);
        assertThat(proj.library()).startsWith("libproj.so.");
        assertThat(proj.required()).containsExactly("proj.db");
        assertThat(proj.environment()).extracting(EnvironmentSetting::name).containsExactly("PROJ_DATA", "PROJ_LIB");
        assertThat(proj.bytes()).isEqualTo(bytesOnDisk(projDir));
        assertThat(proj.hostPath()).isEqualTo(Path.of(projDir));
    }

    @Test
    void projGridsAreOptionalPartsWithTheirSizesOnDisk() throws Exception {
        String projDir = dpkgListed("proj-data", "/proj.db").replace("/proj.db", "");
        List<String> grids = new ArrayList<>(List.of(Toolchain.run(null, Map.of(), "find", projDir, "-maxdepth", "1",
                "-type", "f", "(", "-name", "*.tif", "-o", "-name", "*.gsb", "-o", "-name", "*.gtx", "-o", "-name",
                "*.byn", ")", "-printf", "%f %s\\n").split("\n")));
        grids.removeIf(String::isEmpty);

        RuntimeNeed proj = at(needsOf("/usr/bin/gdalinfo"), projDir);

        assertThat(grids).isNotEmpty();
        assertThat(proj.optionalParts()).extracting(p -> p.path() + " " + p.bytes())
                .containsExactlyInAnyOrderElementsOf(grids);
        assertThat(proj.optionalParts()).allSatisfy(p -> assertThat(p.part()).isEqualTo("grid"));
    }

    @Test
    void withoutDpkgTheTableAndStringsStillFindGdalsAndProjsNeeds() throws Exception {
        DpkgDatabase none = DpkgDatabase.at(dir.resolve("empty-admindir"), Path.of("/"));

        List<RuntimeNeed> needs = needsOf("/usr/bin/gdalinfo", none);

        assertThat(none.exists()).isFalse();
        for (String path : List.of(dpkgListed("gdal-data", "/gdal"), dpkgListed("gdal-plugins", "/gdalplugins"),
                dpkgListed("proj-data", "/proj.db").replace("/proj.db", ""))) {
            assertThat(at(needs, path).sources()).containsExactly(NeedSource.TABLE, NeedSource.STRINGS);
        }
        assertThat(needs).noneMatch(n -> n.sources().contains(NeedSource.DPKG));
    }

    @Test
    void imageMagicksCodersAndConfigurationAreFound() throws Exception {
        List<RuntimeNeed> needs = needsOf("/usr/bin/convert-im6.q16");

        String coders = dpkgListed("libmagickcore-6.q16-6", "/coders");
        RuntimeNeed c = at(needs, coders);
        assertThat(c.kind()).isEqualTo(NeedKind.PLUGIN_DIRECTORY);
        assertThat(c.environment()).extracting(EnvironmentSetting::name).containsExactly("MAGICK_CODER_MODULE_PATH");
        assertThat(c.bytes()).isEqualTo(bytesOnDisk(coders));
        int sharedObjects = Toolchain.run(null, Map.of(), "find", coders, "-maxdepth", "1", "-type", "f", "-name",
                "*.so").split("\n").length;
        assertThat(c.optionalParts()).hasSize(sharedObjects).allSatisfy(p -> assertThat(p.part()).isEqualTo("coder"));
        assertThat(c.optionalParts()).extracting(OptionalPart::name).contains("png", "jpeg");

        String etc = dpkgListed("imagemagick-6-common", "/etc/ImageMagick-6");
        RuntimeNeed config = at(needs, etc);
        assertThat(config.kind()).isEqualTo(NeedKind.CONFIGURATION);
        assertThat(config.environment()).extracting(EnvironmentSetting::name).containsExactly("MAGICK_CONFIGURE_PATH");
        assertThat(config.files()).isEqualTo(entriesOnDisk(etc));
        assertThat(strings(realPath("/usr/lib/x86_64-linux-gnu/libMagickCore-6.Q16.so.6"))).contains(etc + "/");
    }

    @Test
    void tesseractNeedsTessdataWithEachLanguageOptional() throws Exception {
        String eng = dpkgListed("tesseract-ocr-eng", "/eng.traineddata");
        String tessdata = eng.substring(0, eng.lastIndexOf('/'));

        RuntimeNeed need = at(needsOf("/usr/bin/tesseract"), tessdata);

        assertThat(need.environment()).containsExactly(new EnvironmentSetting("TESSDATA_PREFIX", "share/tessdata", false));
        assertThat(need.bytes()).isEqualTo(bytesOnDisk(tessdata));
        long engBytes = Long.parseLong(Toolchain.run(null, Map.of(), "stat", "-c", "%s", eng).strip());
        assertThat(need.optionalParts()).contains(new OptionalPart("language", "eng", "eng.traineddata", engBytes, false));
        assertThat(need.optionalParts()).filteredOn(OptionalPart::leftOut).extracting(OptionalPart::name).contains("osd");
    }

    @Test
    void fontconfigNeedsFontsConf() throws Exception {
        String fontsConf = dpkgListed("fontconfig-config", "/etc/fonts/fonts.conf");

        RuntimeNeed need = at(needsOf("/usr/bin/fc-list"), "/etc/fonts");

        assertThat(need.required()).containsExactly("fonts.conf");
        assertThat(need.environment()).contains(new EnvironmentSetting("FONTCONFIG_FILE", "etc/fonts/fonts.conf", false));
        assertThat(need.hostPath().resolve("fonts.conf")).isEqualTo(Path.of(fontsConf));
        assertThat(need.note()).contains("/tmp");
    }

    @Test
    void iconvsGconvModulesAreFoundAndLeftToTheTargetsGlibc() throws Exception {
        String module = dpkgListed("libc6", "/gconv/UTF-16.so");
        String gconv = module.substring(0, module.lastIndexOf('/'));

        RuntimeNeed need = at(needsOf("/usr/bin/iconv"), gconv);

        assertThat(need.library()).isEqualTo("libc.so.6");
        assertThat(need.bundled()).isFalse();
        assertThat(need.neverBundled()).contains("gconv module");
        assertThat(need.environment()).extracting(EnvironmentSetting::name).containsExactly("GCONV_PATH");
        assertThat(strings(realPath("/lib/x86_64-linux-gnu/libc.so.6"))).contains(gconv);
        assertThat(RuntimeEnvironment.of(List.of(need), "/var/task")).isEmpty();
    }

    @Test
    void graphvizsPluginDirectoryAndItsGeneratedRegistry() throws Exception {
        String core = dpkgListed("libgvc6", "/libgvplugin_core.so.6");
        String plugins = core.substring(0, core.lastIndexOf('/'));
        String config = Toolchain.run(null, Map.of(), "find", plugins, "-maxdepth", "1", "-name", "config6*").strip();

        List<RuntimeNeed> needs = needsOf("/usr/bin/dot");

        RuntimeNeed dirNeed = at(needs, plugins);
        assertThat(dirNeed.environment()).containsExactly(new EnvironmentSetting("GVBINDIR", "lib/graphviz", false));
        assertThat(dirNeed.bytes()).isEqualTo(bytesOnDisk(plugins));
        RuntimeNeed registry = at(needs, config);
        assertThat(registry.kind()).isEqualTo(NeedKind.REGISTRY_FILE);
        assertThat(registry.destination()).isEqualTo("lib/graphviz/" + Path.of(config).getFileName());
        // Written by the package's postinst (`dot -c`): dpkg does not list it, only the table knows it.
        assertThat(dpkgList("libgvc6")).doesNotContain(config);
        assertThat(registry.sources()).isEqualTo(EnumSet.of(NeedSource.TABLE));
    }
}
