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
        // The audit of the bundle names what it holds by its place in the zip, not where it was unpacked.
        CliRun audit = CliRun.of("audit", zip.toString(), "--target", TARGET, "--format", "json");
        assertThat(audit.out()).contains(zip + "!/lib/gdalplugins").doesNotContain("nativepack-audit-")
                .containsPattern("libproj.so.25 needs proj.db \\([^)]*\\) at run time, and the input brings it");
        assertThat(runWithout.exitCode()).isNotZero();
        assertThat(runWithout.out()).containsIgnoringCase("cannot find proj.db");
    }

    @Test
    void imageMagickConvertsAPngToAJpegThatDecodesWithTheBundlesCodersAndFailsWithoutThem() throws Exception {
        Toolchain.requireTool("/usr/bin/convert-im6.q16");
        Path png = dir.resolve("in.png");
        Toolchain.run(dir, Map.of(), "convert-im6.q16", "-size", "64x48", "gradient:red-blue", png.toString());
        Path zip = dir.resolve("im.zip");
        Path without = dir.resolve("im-without-coders.zip");
        // The JPEG comes back as a data URI on standard output: the sandbox's /tmp is its own.
        String[] convert = {"--bind", png + ":/input/in.png", "--", "/input/in.png", "inline:jpeg:-"};

        CliRun bundled = CliRun.of("bundle", "/usr/bin/convert-im6.q16", "--target", TARGET, "-o", zip.toString());
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString(), "--target", TARGET}, convert));
        CliRun bundledWithout = CliRun.of("bundle", "/usr/bin/convert-im6.q16", "--target", TARGET, "-o",
                without.toString(), "--data-exclude", "lib/ImageMagick/coders");
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString(), "--target", TARGET}, convert));

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("MAGICK_CODER_MODULE_PATH=/home/site/wwwroot/lib/ImageMagick/coders");
        assertThat(run.exitCode()).as(run.out()).isZero();
        Matcher m = Pattern.compile("data:image/jpeg;base64,([A-Za-z0-9+/=]+)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        java.awt.image.BufferedImage jpeg = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(m.group(1))));
        assertThat(jpeg).isNotNull();
        assertThat(jpeg.getWidth()).isEqualTo(64);
        assertThat(jpeg.getHeight()).isEqualTo(48);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.getEntry("lib/ImageMagick/coders/png.so")).isNotNull();
            assertThat(z.getEntry("lib/ImageMagick/coders/png.la")).isNotNull();
            assertThat(z.getEntry("lib/libpng16.so.16")).as("a coder's own library joins lib/").isNotNull();
            assertThat(z.getEntry("etc/ImageMagick/policy.xml")).isNotNull();
        }
        Path unpacked = dir.resolve("im");
        new dev.nativepack.core.archive.SafeUnzip().unzip(zip, unpacked);
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", unpacked.resolve("lib/ImageMagick/coders/png.so")
                .toString())).contains("Library rpath: [$ORIGIN/../../../lib]");
        assertThat(runWithout.exitCode()).isNotZero();
        assertThat(runWithout.out()).contains("no decode delegate for this image format `PNG'");
    }

    @Test
    void tesseractReadsAWordFromARenderedImageWithTheBundlesEnglishAndFailsWithoutTessdata() throws Exception {
        Toolchain.requireTool("/usr/bin/tesseract");
        Path image = dir.resolve("word.png");
        Toolchain.run(dir, Map.of(), "convert-im6.q16", "-size", "400x100", "xc:white", "-font", "DejaVu-Sans",
                "-pointsize", "48", "-fill", "black", "-annotate", "+20+70", "NATIVE", image.toString());
        Path zip = dir.resolve("ocr.zip");
        Path without = dir.resolve("ocr-without-tessdata.zip");
        String[] read = {"--bind", image + ":/input/word.png", "--", "/input/word.png", "stdout"};

        CliRun bundled = CliRun.of("bundle", "/usr/bin/tesseract", "--target", TARGET, "-o", zip.toString());
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString(), "--target", TARGET}, read));
        CliRun bundledWithout = CliRun.of("bundle", "/usr/bin/tesseract", "--target", TARGET, "-o", without.toString(),
                "--data-exclude", "share/tessdata");
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString(), "--target", TARGET}, read));

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("NATIVE");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.getEntry("share/tessdata/eng.traineddata")).isNotNull();
            assertThat(z.getEntry("share/tessdata/osd.traineddata")).as("languages but eng are left out").isNull();
        }
        assertThat(bundledWithout.exitCode()).as(bundledWithout.err()).isZero();
        assertThat(runWithout.exitCode()).isNotZero();
        assertThat(runWithout.out()).contains("Failed loading language 'eng'");
    }

    @Test
    void dotRendersWithTheBundlesGraphvizPluginsAndTheirRegistryAndFindsNoFormatWithoutThem() throws Exception {
        Toolchain.requireTool("/usr/bin/dot");
        Path graph = dir.resolve("g.dot");
        Files.writeString(graph, "digraph { native -> lambda }\n");
        Path zip = dir.resolve("dot.zip");
        Path without = dir.resolve("dot-without-plugins.zip");
        String[] render = {"--bind", graph + ":/input/g.dot", "--", "-Tsvg", "/input/g.dot"};

        CliRun bundled = CliRun.of("bundle", "/usr/bin/dot", "--target", TARGET, "-o", zip.toString());
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString(), "--target", TARGET}, render));
        CliRun bundledWithout = CliRun.of("bundle", "/usr/bin/dot", "--target", TARGET, "-o", without.toString(),
                "--data-exclude", "lib/graphviz");
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString(), "--target", TARGET}, render));

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("<title>native</title>").contains("<title>native&#45;&gt;lambda</title>");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(java.util.zip.ZipEntry::getName)).anyMatch(n -> n.startsWith("lib/graphviz/config6"));
            // libgvplugin_core.so.6 -> libgvplugin_core.so.6.0.0 on this machine: one copy, under the name config6 uses.
            assertThat(z.getEntry("lib/graphviz/libgvplugin_core.so.6")).isNotNull();
            assertThat(z.getEntry("lib/graphviz/libgvplugin_core.so.6.0.0")).isNull();
        }
        assertThat(bundledWithout.exitCode()).as(bundledWithout.err()).isZero();
        assertThat(runWithout.exitCode()).isNotZero();
        assertThat(runWithout.out()).contains("Format: \"svg\" not recognized");
    }

    /**
     * A plugin left out is no longer listed in Graphviz's registry: dot then says plainly which
     * formats it has, instead of offering gif and failing to load the plugin the registry names.
     */
    @Test
    void aPluginLeftOutIsDroppedFromTheRegistry() throws Exception {
        Toolchain.requireTool("/usr/bin/dot");
        Path graph = dir.resolve("g.dot");
        Files.writeString(graph, "digraph { native -> lambda }\n");
        Path zip = dir.resolve("dot-without-gd.zip");

        CliRun bundled = CliRun.of("bundle", "/usr/bin/dot", "--target", TARGET, "-o", zip.toString(),
                "--data-exclude", "lib/graphviz/libgvplugin_gd*");
        CliRun gif = CliRun.of("verify", zip.toString(), "--target", TARGET, "--bind", graph + ":/input/g.dot", "--",
                "-Tgif", "/input/g.dot");
        CliRun svg = CliRun.of("verify", zip.toString(), "--target", TARGET, "--bind", graph + ":/input/g.dot", "--",
                "-Tsvg", "/input/g.dot");

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("lib/graphviz/config6a: the plugins left out are no longer listed: "
                + "libgvplugin_gd.so.6");
        String registry;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            registry = new String(z.getInputStream(z.getEntry("lib/graphviz/config6a")).readAllBytes(),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(z.getEntry("lib/graphviz/libgvplugin_gd.so.6")).isNull();
        }
        assertThat(registry).contains("libgvplugin_core.so.6 core {").doesNotContain("libgvplugin_gd");
        assertThat(gif.exitCode()).isNotZero();
        assertThat(gif.out()).contains("Format: \"gif\" not recognized").doesNotContain("Could not load");
        assertThat(svg.exitCode()).as(svg.out()).isZero();
        assertThat(svg.out()).contains("<title>native</title>");
    }

    /**
     * gdk-pixbuf finds its loaders only through loaders.cache, which names each by absolute path and
     * which the bundle rewrites to name the copy where the target unpacks it; a loader left out loses
     * its entry. The thumbnailer writes its PNG into the sandbox's own /tmp, so a script included in
     * the bundle prints it with the bundled base64. BMP is read by a loader module (PNG is built in).
     */
    @Test
    void gdkPixbufThumbnailerTurnsABmpIntoAPngWithTheBundlesLoadersAndTheirRewrittenRegistry() throws Exception {
        Toolchain.requireTool("/usr/bin/gdk-pixbuf-thumbnailer");
        Path hostRegistry = Path.of("/usr/lib/x86_64-linux-gnu/gdk-pixbuf-2.0/2.10.0/loaders.cache");
        assertThat(Path.of("/usr/lib/x86_64-linux-gnu/gdk-pixbuf-2.0/2.10.0/loaders/libpixbufloader-bmp.so"))
                .as("BMP is a loader module on Debian 12, not built in").exists();
        java.awt.image.BufferedImage halves = new java.awt.image.BufferedImage(64, 48,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                halves.setRGB(x, y, x < 32 ? 0xff0000 : 0x0000ff);
            }
        }
        Path bmp = dir.resolve("in.bmp");
        assertThat(javax.imageio.ImageIO.write(halves, "bmp", bmp.toFile())).isTrue();
        Path script = dir.resolve("thumb.sh");
        Files.writeString(script, "#!/bin/sh\n\"$LAMBDA_TASK_ROOT/bootstrap\" -s 32 \"$1\" /tmp/thumb.png "
                + "&& exec \"$LAMBDA_TASK_ROOT/bin/base64\" -w0 /tmp/thumb.png\n");
        script.toFile().setExecutable(true);
        Path zip = dir.resolve("thumb.zip");
        Path again = dir.resolve("thumb-again.zip");
        Path without = dir.resolve("thumb-without-bmp.zip");
        String[] bundle = {"bundle", "/usr/bin/gdk-pixbuf-thumbnailer", "/usr/bin/base64", "--include",
                script + ":thumb.sh", "--target", TARGET, "-o"};
        String[] thumbnail = {"--target", TARGET, "--entry", "thumb.sh", "--bind", bmp + ":/input/in.bmp", "--",
                "/input/in.bmp"};

        CliRun bundled = CliRun.of(concat(bundle, new String[] {zip.toString()}));
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString()}, thumbnail));
        CliRun bundledAgain = CliRun.of(concat(bundle, new String[] {again.toString(), "--no-cache"}));
        CliRun bundledWithout = CliRun.of(concat(bundle, new String[] {without.toString(), "--data-exclude",
                "lib/gdk-pixbuf/loaders/libpixbufloader-bmp.so"}));
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString()}, thumbnail));
        // The same bundle with the registry as this machine has it: its paths are not in the sandbox.
        Path unrewritten = dir.resolve("unrewritten");
        new dev.nativepack.core.archive.SafeUnzip().unzip(zip, unrewritten);
        Files.copy(hostRegistry, unrewritten.resolve("lib/gdk-pixbuf/loaders.cache"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun runUnrewritten = CliRun.of(concat(new String[] {"verify", unrewritten.toString()}, thumbnail));

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("GDK_PIXBUF_MODULE_FILE=/home/site/wwwroot/lib/gdk-pixbuf/loaders.cache")
                .contains("XDG_DATA_DIRS=/home/site/wwwroot/share:/usr/local/share:/usr/share").doesNotContain("no longer listed")
                .doesNotContain("could not be rewritten");
        assertThat(run.exitCode()).as(run.out()).isZero();
        Matcher m = Pattern.compile("(?m)^(iVBORw0KGgo[A-Za-z0-9+/=]+)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(m.group(1))));
        assertThat(png.getWidth()).isEqualTo(32);
        assertThat(png.getHeight()).isEqualTo(24);
        assertThat(png.getRGB(4, 12) & 0xffffff).isEqualTo(0xff0000);
        assertThat(png.getRGB(27, 12) & 0xffffff).isEqualTo(0x0000ff);
        String registry;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            registry = new String(z.getInputStream(z.getEntry("lib/gdk-pixbuf/loaders.cache")).readAllBytes(),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(z.getEntry("lib/gdk-pixbuf/loaders/libpixbufloader-bmp.so")).isNotNull();
            assertThat(z.getEntry("share/mime/mime.cache")).as("GIO guesses the format from it").isNotNull();
        }
        assertThat(registry).startsWith("# GdkPixbuf Image Loader Modules file\n")
                .contains("\n\"/home/site/wwwroot/lib/gdk-pixbuf/loaders/libpixbufloader-bmp.so\"\n\"bmp\" 5 ")
                .doesNotContain("/usr/lib");
        assertThat(bundledAgain.exitCode()).as(bundledAgain.err()).isZero();
        assertThat(Files.mismatch(zip, again)).as("the same bytes, with the cache and without").isEqualTo(-1L);
        assertThat(bundledWithout.exitCode()).as(bundledWithout.err()).isZero();
        assertThat(bundledWithout.out()).contains("lib/gdk-pixbuf/loaders.cache: the plugins left out are no longer "
                + "listed: libpixbufloader-bmp.so");
        try (ZipFile z = new ZipFile(without.toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry("lib/gdk-pixbuf/loaders.cache")).readAllBytes(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("bmp")
                    .contains("\"/home/site/wwwroot/lib/gdk-pixbuf/loaders/libpixbufloader-gif.so\"");
        }
        assertThat(runWithout.exitCode()).isNotZero();
        assertThat(runWithout.out()).contains("recognize the image file format for file").doesNotContain("iVBOR");
        assertThat(runUnrewritten.exitCode()).isNotZero();
        assertThat(runUnrewritten.out()).contains("Unable to load image-loading module: "
                + "/usr/lib/x86_64-linux-gnu/gdk-pixbuf-2.0/2.10.0/loaders/libpixbufloader-bmp.so")
                .contains("cannot open shared object file");
    }

    /**
     * Plugins are audited like the program: Debian 12's Graphviz plugins need newer glibc than Debian
     * 11 has, which readelf confirms; each is named as a plugin that will not load there, without
     * stopping the bundle. For Debian 12 none is.
     */
    @Test
    void aPluginTheTargetCannotLoadIsNamed_andDoesNotStopTheBundle() throws Exception {
        Toolchain.requireTool("/usr/bin/dot");
        Path core = Path.of("/usr/lib/x86_64-linux-gnu/graphviz/libgvplugin_core.so.6.0.0");
        String versions = Toolchain.run(dir, java.util.Map.of(), "readelf", "-V", core.toString());
        assertThat(versions).contains("GLIBC_2.33");

        CliRun old = CliRun.of("bundle", "/usr/bin/dot", "--target", "azure/debian11", "--allow", "symbol-version",
                "-o", dir.resolve("dot11.zip").toString());
        CliRun same = CliRun.of("bundle", "/usr/bin/dot", "--target", TARGET, "-o", dir.resolve("dot12.zip").toString());

        assertThat(old.exitCode()).as(old.err()).isZero();
        assertThat(old.out()).contains("warning symbol-version: plugin libgvplugin_core.so.6.0.0 will not load on "
                + "azure/debian11/x86_64: needs GLIBC_2.33 from libc.so.6");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.out()).doesNotContain("will not load");
    }

    /**
     * fontconfig in the sandbox finds the bundle's DejaVu Sans through the rewritten fonts.conf and
     * writes its cache under /tmp (dash, bundled beside it, lists the cache with a glob: the
     * sandbox has no ls); with the fonts left out it finds none. The bundle is the same bytes twice.
     */
    @Test
    void fcMatchAnswersTheBundlesDejaVuSans_cachesUnderTmp_andFindsNoFontWithoutThem() throws Exception {
        Toolchain.requireTool("/usr/bin/fc-match");
        Path zip = dir.resolve("fc.zip");
        Path again = dir.resolve("fc-again.zip");
        Path without = dir.resolve("fc-without-fonts.zip");
        String[] match = {"--entry", "bin/dash", "--", "-c",
                "./bootstrap -f '%{file}\\n' sans-serif && echo cache: /tmp/fontconfig/*"};

        CliRun bundled = CliRun.of("bundle", "/usr/bin/fc-match", "/usr/bin/dash", "--target", TARGET, "-o",
                zip.toString());
        CliRun bundledAgain = CliRun.of("bundle", "/usr/bin/fc-match", "/usr/bin/dash", "--target", TARGET, "-o",
                again.toString(), "--no-cache");
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString(), "--target", TARGET}, match));
        CliRun bundledWithout = CliRun.of("bundle", "/usr/bin/fc-match", "/usr/bin/dash", "--target", TARGET, "-o",
                without.toString(), "--data-exclude", "share/fonts");
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString(), "--target", TARGET}, match));
        CliRun inventory = CliRun.of("bundle", "/usr/bin/fc-match", "--target", TARGET, "-o",
                dir.resolve("unwritten.zip").toString(), "--data");

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("share/fonts  data directory of libfontconfig.so.1");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("/home/site/wwwroot/share/fonts/truetype/dejavu/DejaVuSans.ttf\n")
                .contains("/tmp/fontconfig/CACHEDIR.TAG").containsPattern("/tmp/fontconfig/[0-9a-f]{32}-[a-z0-9]+\\.cache-")
                .doesNotContain("Fontconfig error");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            String conf = new String(z.getInputStream(z.getEntry("etc/fonts/fonts.conf")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(conf).contains("<dir prefix=\"relative\">../../share/fonts</dir>")
                    .contains("<cachedir>/tmp/fontconfig</cachedir>").doesNotContain("/var/cache/fontconfig");
            assertThat(z.getEntry("share/fonts/truetype/dejavu/DejaVuSans.ttf")).isNotNull();
        }
        assertThat(bundledAgain.exitCode()).as(bundledAgain.err()).isZero();
        assertThat(Files.mismatch(zip, again)).as("the same bytes without the cache").isEqualTo(-1);
        assertThat(bundledWithout.exitCode()).as(bundledWithout.err()).isZero();
        assertThat(runWithout.exitCode()).as(runWithout.out()).isZero();
        assertThat(runWithout.out()).doesNotContain(".ttf").doesNotContain("Fontconfig error");
        assertThat(inventory.exitCode()).as(inventory.err()).isZero();
        assertThat(inventory.out()).contains("optional parts brought: 1 font family, ")
                .contains(": truetype/dejavu  (--data-exclude share/fonts/NAME leaves one out)");
    }

    /**
     * dot's cairo plugin draws a node's label with the bundle's fonts, found through fontconfig,
     * which the plugin's own libraries (pango) bring: tesseract on this machine reads the word back
     * from the PNG. Without the fonts, the label is drawn as boxes and the word is not there. The PNG
     * comes back base64-encoded on standard output (the sandbox's /tmp is its own).
     */
    @Test
    void dotDrawsALabelWithTheBundlesFontsThatTesseractReadsBack_andNotWithoutThem() throws Exception {
        Toolchain.requireTool("/usr/bin/dot");
        Toolchain.requireTool("/usr/bin/tesseract");
        Path graph = dir.resolve("g.dot");
        Files.writeString(graph, "digraph { node [shape=box, fontsize=40]; LAMBDA }\n");
        Path zip = dir.resolve("dot.zip");
        Path without = dir.resolve("dot-without-fonts.zip");
        String[] programs = {"/usr/bin/dot", "/usr/bin/dash", "/usr/bin/base64"};
        String[] render = {"--bind", graph + ":/input/g.dot", "--entry", "bin/dash", "--", "-c",
                "./bootstrap -Tpng:cairo /input/g.dot | bin/base64 -w0"};

        CliRun bundled = CliRun.of(concat(new String[] {"bundle"}, concat(programs, new String[] {"--target", TARGET,
                "-o", zip.toString()})));
        CliRun run = CliRun.of(concat(new String[] {"verify", zip.toString(), "--target", TARGET}, render));
        CliRun bundledWithout = CliRun.of(concat(new String[] {"bundle"}, concat(programs, new String[] {"--target",
                TARGET, "-o", without.toString(), "--data-exclude", "share/fonts"})));
        CliRun runWithout = CliRun.of(concat(new String[] {"verify", without.toString(), "--target", TARGET}, render));

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("FONTCONFIG_FILE=/home/site/wwwroot/etc/fonts/fonts.conf")
                .contains("share/fonts  data directory of libfontconfig.so.1");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("Fontconfig");
        assertThat(ocr(run.out(), "with")).contains("LAMBDA");
        assertThat(bundledWithout.exitCode()).as(bundledWithout.err()).isZero();
        assertThat(runWithout.exitCode()).as(runWithout.out()).isZero();
        assertThat(ocr(runWithout.out(), "without")).doesNotContain("LAMBDA");
    }

    /** The text tesseract on this machine reads in the PNG that verify's output holds in base64. */
    private String ocr(String verifyOutput, String name) throws Exception {
        Matcher m = Pattern.compile("(iVBORw0KGgo[A-Za-z0-9+/=]+)").matcher(verifyOutput);
        assertThat(m.find()).as(verifyOutput).isTrue();
        byte[] png = java.util.Base64.getDecoder().decode(m.group(1));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image).as("a PNG").isNotNull();
        Path file = dir.resolve(name + ".png");
        Files.write(file, png);
        return Toolchain.run(dir, Map.of(), "tesseract", file.toString(), "stdout");
    }

    @Test
    void aDataPatternOutsideTheBundleIsAUsageErrorInOneLine() {
        CliRun r = CliRun.of("bundle", "/usr/bin/gdalinfo", "--target", TARGET, "-o", dir.resolve("x.zip").toString(),
                "--data-exclude", "/usr/share/proj");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("nativepack bundle: --data-exclude /usr/share/proj: a pattern names paths inside "
                + "the bundle, such as share/proj/*.tif\n");
        assertThat(dir.resolve("x.zip")).doesNotExist();
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
