package dev.nativepack.core.runtimedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in table covers what the issue names, and a damaged table is refused in one line. */
class RuntimeDataTableTest {
    @Test
    void theTableKnowsEveryLibraryTheIssueNames() {
        List<String> libraries = RuntimeDataTable.builtIn().libraries();

        for (String wanted : List.of("GDAL", "PROJ", "ImageMagick", "GraphicsMagick", "Tesseract", "Leptonica",
                "Graphviz", "fontconfig", "gdk-pixbuf", "GIO", "gconv", "GStreamer", "SANE", "OpenSSL", "Python")) {
            assertThat(libraries).as(wanted).anyMatch(l -> l.startsWith(wanted));
        }
        assertThat(RuntimeDataTable.builtIn().environmentVariables()).contains("GDAL_DATA", "PROJ_DATA", "PROJ_LIB",
                "GDAL_DRIVER_PATH", "MAGICK_CONFIGURE_PATH", "MAGICK_CODER_MODULE_PATH", "TESSDATA_PREFIX", "GCONV_PATH",
                "FONTCONFIG_FILE", "GVBINDIR");
    }

    /**
     * A variable the table says a library reads must be a string in that library: checked with
     * strings(1) on every library of the table installed here.
     */
    @Test
    void everyVariableTheTableNamesIsReadByTheInstalledLibrary() throws Exception {
        Map<String, String> installed = Map.of(
                "libgdal.so.32", "GDAL", "libproj.so.25", "PROJ", "libMagickCore-6.Q16.so.6", "ImageMagick",
                "libtesseract.so.5", "Tesseract", "libgvc.so.6", "Graphviz", "libfontconfig.so.1", "fontconfig",
                "libgdk_pixbuf-2.0.so.0", "gdk-pixbuf", "libgio-2.0.so.0", "GIO", "libc.so.6", "gconv (glibc's iconv)",
                "libcrypto.so.3", "OpenSSL 3");
        for (Map.Entry<String, String> e : installed.entrySet()) {
            Set<String> strings = Oracles.strings(Oracles.realPath("/usr/lib/x86_64-linux-gnu/" + e.getKey()));
            List<RuntimeDataTable.Match> matches = RuntimeDataTable.builtIn().matching(e.getKey());
            assertThat(matches).as(e.getKey()).extracting(m -> m.entry().library()).contains(e.getValue());
            for (RuntimeDataTable.Match m : matches) {
                for (TableEntry.NeedSpec n : m.entry().needs()) {
                    for (EnvironmentSetting s : n.environment()) {
                        assertThat(strings).as(e.getKey() + " reads " + s.name()).contains(s.name());
                    }
                }
            }
        }
    }

    @Test
    void pythonsVersionComesFromTheNameIntoThePaths() {
        assertThat(RuntimeDataTable.builtIn().matching("libpython3.11.so.1.0")).singleElement()
                .satisfies(m -> assertThat(m.version()).isEqualTo("3.11"));
        assertThat(RuntimeDataTable.builtIn().matching("python3.12")).singleElement()
                .satisfies(m -> assertThat(m.version()).isEqualTo("3.12"));
        assertThat(RuntimeDataTable.builtIn().matching("libpython3.so")).isEmpty();
    }

    @Test
    void aDamagedTableIsRefusedWithTheFieldNamedInOneLine() {
        assertProblem("{\"schema\": 1, \"libraries\": [", "t.json: not valid JSON at line 1");
        assertProblem("{\"schema\": 2}", "t.json: field \"schema\" must be 1");
        String entry = "{\"schema\": 1, \"notRuntimeData\": [], \"systemDirectories\": [], \"libraries\": [{\"library\": "
                + "\"X\", \"names\": [\"libx.so.*\"], \"provenance\": \"p\", \"needs\": [%s]}]}";
        assertProblem(String.format(entry, "{\"kind\": \"plugin-dir\"}"),
                "t.json: field \"libraries[0].needs[0].kind\" must be plugin-directory");
        assertProblem(String.format(entry, "{\"kind\": \"data-file\", \"what\": \"w\", \"paths\": [\"/x\"], "
                + "\"destination\": \"../outside\", \"env\": []}"),
                "t.json: field \"libraries[0].needs[0].destination\" must be a relative path that stays inside the bundle");
        assertProblem(String.format(entry, "{\"kind\": \"data-file\", \"what\": \"w\", \"paths\": [\"relative\"], "
                + "\"destination\": \"d\", \"env\": []}"), "t.json: field \"libraries[0].needs[0].paths\" must hold");
        assertProblem(String.format(entry, "{\"kind\": \"data-file\", \"what\": \"w\", \"paths\": [\"/x\"], "
                + "\"destination\": \"d\", \"env\": [{\"name\": \"not a name\", \"value\": \"v\"}]}"),
                "is not an environment variable name: not a name");
        assertProblem(String.format(entry, "{\"kind\": \"configuration\", \"what\": \"w\", \"paths\": [\"/x\"], "
                + "\"destination\": \"d\", \"env\": [], \"rewrite\": {\"format\": \"ini\", \"cache\": \"/tmp/x\"}}"),
                "t.json: field \"libraries[0].needs[0].rewrite.format\" must be fontconfig");
        assertProblem(String.format(entry, "{\"kind\": \"data-directory\", \"what\": \"w\", \"paths\": [\"/x\"], "
                + "\"destination\": \"d\", \"env\": [], \"namedIn\": \"etc/x\"}"),
                "t.json: field \"libraries[0].needs[0].namedIn\" must be the destination of a need of the same library "
                + "with a rewrite: etc/x");
        assertProblem(String.format(entry, "{\"kind\": \"data-directory\", \"what\": \"w\", \"paths\": [\"/x\"], "
                + "\"destination\": \"d\", \"env\": [], \"optional\": [{\"part\": \"p\", \"globs\": [\"*\"], "
                + "\"directories\": \"yes\"}]}"),
                "t.json: field \"libraries[0].needs[0].optional[].directories\" must be true or false");
    }

    private static void assertProblem(String json, String message) {
        assertThatThrownBy(() -> RuntimeDataTable.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "t.json")).isInstanceOfSatisfying(RuntimeDataTableException.class, e -> {
                    assertThat(e.getMessage()).contains(message).doesNotContain("\n");
                });
    }
}
