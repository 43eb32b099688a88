package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles whose libraries read data and load plugins at run time, doing real work in the verify
 * sandbox, where nothing of this machine's /usr/share is visible: the data must come from the bundle,
 * found through the variables its bootstrap sets.
 */
class RuntimeDataBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "azure/debian12";

    @TempDir
    Path dir;

    @Test
    void gdalinfoReadsAGeoTiffsProjectedCrsWithTheBundlesProjDb() throws Exception {
        Toolchain.requireTool("/usr/bin/gdalinfo");
        Files.writeString(dir.resolve("grid.asc"), "ncols 4\nnrows 4\nxllcorner 500000\nyllcorner 5500000\n"
                + "cellsize 100\nNODATA_value -9999\n1 2 3 4\n5 6 7 8\n9 10 11 12\n13 14 15 16\n");
        Path tif = dir.resolve("grid.tif");
        Toolchain.run(dir, Map.of(), "gdal_translate", "-q", "-a_srs", "EPSG:32633", "-of", "GTiff",
                dir.resolve("grid.asc").toString(), tif.toString());
        Path zip = dir.resolve("gdal.zip");

        CliRun bundled = CliRun.of("bundle", "/usr/bin/gdalinfo", "--target", TARGET, "-o", zip.toString());
        CliRun info = CliRun.of("verify", zip.toString(), "--target", TARGET, "--bind", tif + ":/input/grid.tif",
                "--", "/input/grid.tif");

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("PROJ_DATA=/home/site/wwwroot/share/proj")
                .contains("GDAL_DATA=/home/site/wwwroot/share/gdal");
        assertThat(info.exitCode()).as(info.out()).isZero();
        assertThat(info.out()).doesNotContain("proj.db")
                .contains("PROJCRS[\"WGS 84 / UTM zone 33N\"")
                .contains("ID[\"EPSG\",32633]")
                .contains("Upper Left  (  500000.000, 5500400.000) ( 15d 0' 0.00\"E, 49d39'22.11\"N)")
                .contains("Lower Right (  500400.000, 5500000.000) ( 15d 0'19.95\"E, 49d39' 9.15\"N)");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.getEntry("share/proj/proj.db")).isNotNull();
            assertThat(z.getEntry("share/proj/CHENYX06.gsb")).as("grids are left out by default").isNull();
            assertThat(z.getEntry("bin/gdalinfo")).isNotNull();
            assertThat(new String(z.getInputStream(z.getEntry("bootstrap")).readAllBytes())).startsWith("#!/bin/sh\n")
                    .contains("exec \"$root/bin/gdalinfo\" \"$@\"");
            assertThat(new String(z.getInputStream(z.getEntry("nativepack.env")).readAllBytes()))
                    .contains("PROJ_DATA=/home/site/wwwroot/share/proj\n");
            JsonNode manifest = JSON.readTree(z.getInputStream(z.getEntry("nativepack.json")));
            assertThat(manifest.path("environment").path("variables").path("PROJ_DATA").asText())
                    .isEqualTo("/home/site/wwwroot/share/proj");
        }
    }

    @Test
    void ogr2ogrReprojectsAPointToWebMercatorAndFailsWithProjsMessageWithoutTheData() throws Exception {
        Toolchain.requireTool("/usr/bin/ogr2ogr");
        Path point = dir.resolve("point.geojson");
        Files.writeString(point, "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                + "\"properties\": {\"name\": \"p\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [10, 50]}}]}\n");
        Path zip = dir.resolve("ogr.zip");
        Path without = dir.resolve("ogr-without-proj.zip");
        String[] reproject = {"--bind", point + ":/input/point.geojson", "--", "-f", "GeoJSON", "/vsistdout/",
                "/input/point.geojson", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857"};

        CliRun bundled = CliRun.of("bundle", "/usr/bin/ogr2ogr", "--target", TARGET, "-o", zip.toString());
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString(), "--target", TARGET}, reproject));
        CliRun bundledWithout = CliRun.of("bundle", "/usr/bin/ogr2ogr", "--target", TARGET, "-o", without.toString(),
                "--data-exclude", "share/proj");
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString(), "--target", TARGET}, reproject));

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(run.exitCode()).as(run.out()).isZero();
        Matcher m = Pattern.compile("\"coordinates\": \\[ ([-0-9.]+), ([-0-9.]+) \\]").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(1113194.91, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(6446275.84, org.assertj.core.data.Offset.offset(0.01));
        assertThat(bundledWithout.exitCode()).as(bundledWithout.err()).isZero();
        assertThat(bundledWithout.out()).contains("left out, as nothing would find them")
                .contains("share/proj (libproj.so.25)");
        assertThat(runWithout.exitCode()).isNotZero();
        assertThat(runWithout.out()).containsIgnoringCase("cannot find proj.db");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
