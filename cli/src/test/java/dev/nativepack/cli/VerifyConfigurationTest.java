package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nativepack.testing.Toolchain;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layouts whose programs no bootstrap of theirs starts (a layer's tools, a managed runtime's
 * helpers) find their data through the function configuration the bundle's
 * nativepack-environment.json asks for. verify sets it, as a function configured as told has it:
 * tesseract from a layer and as a helper reads a word with the bundled English, and fails without
 * it. (PROJ would not do: it finds share/proj beside its own library's directory by itself.)
 */
class VerifyConfigurationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELPER_TARGET = "azure/debian12";

    @TempDir
    static Path shared;
    /**
     * Debian 12's baseline behind Lambda's layout (task root /var/task, layers at /opt): Debian 12's
     * tesseract needs a newer glibc than Lambda's, and layers are Lambda's.
     */
    static Path layerTarget;
    /** A task root holding only the image of a word the layer's tesseract reads. */
    static Path task;

    @TempDir
    Path dir;

    @BeforeAll
    static void prepare() throws Exception {
        Toolchain.requireTool("/usr/bin/tesseract");
        Toolchain.requireTool("bwrap");
        JsonNode debian;
        try (InputStream in = VerifyConfigurationTest.class.getResourceAsStream(
                "/dev/nativepack/core/target/builtin/azure/debian12/x86_64.json")) {
            debian = JSON.readTree(in);
        }
        ObjectNode target = (ObjectNode) debian;
        target.put("id", "test/debian12-with-layers/x86_64");
        ObjectNode layout = target.putObject("layout");
        layout.put("taskRoot", "/var/task");
        layout.put("layerRoot", "/opt");
        layout.put("path", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        ((ObjectNode) target.path("loader")).put("ldLibraryPath", "/var/task:/var/task/lib:/opt/lib");
        layerTarget = shared.resolve("debian12-with-layers.json");
        JSON.writeValue(layerTarget.toFile(), target);
        task = Files.createDirectories(shared.resolve("task"));
        Toolchain.run(shared, java.util.Map.of(), "convert-im6.q16", "-size", "400x100", "xc:white", "-font",
                "DejaVu-Sans", "-pointsize", "48", "-fill", "black", "-annotate", "+20+70", "NATIVE",
                task.resolve("word.png").toString());
    }

    private static String[] read(String... before) {
        String[] after = {"--", "/var/task/word.png", "stdout"};
        String[] all = new String[before.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(after, 0, all, before.length, after.length);
        return all;
    }

    @Test
    void tesseractFromALayerFindsItsLanguageThroughTheConfigurationTheLayerAsksFor() throws Exception {
        Path layer = dir.resolve("ocr-layer.zip");
        CliRun bundled = CliRun.of("bundle", "/usr/bin/tesseract", "--target", layerTarget.toString(), "--layout",
                "layer", "-o", layer.toString());
        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        try (ZipFile z = new ZipFile(layer.toFile())) {
            assertThat(z.getEntry("share/tessdata/eng.traineddata")).isNotNull();
            assertThat(z.getEntry("bootstrap")).as("a layer has no bootstrap to set variables").isNull();
            JsonNode configuration = JSON.readTree(z.getInputStream(z.getEntry("nativepack-environment.json")));
            assertThat(configuration.path("Variables").path("TESSDATA_PREFIX").asText()).isEqualTo("/opt/share/tessdata");
        }

        CliRun run = CliRun.of(read("verify", task.toString(), "--target", layerTarget.toString(), "--layer",
                layer.toString(), "--entry", "/opt/bin/tesseract"));
        CliRun unconfigured = CliRun.of(read("verify", task.toString(), "--target", layerTarget.toString(),
                "--layer", layer.toString(), "--entry", "/opt/bin/tesseract", "--no-configuration"));
        CliRun overridden = CliRun.of(read("verify", task.toString(), "--target", layerTarget.toString(),
                "--layer", layer.toString(), "--entry", "/opt/bin/tesseract", "--env", "TESSDATA_PREFIX=/opt/nowhere"));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("note: setting the function configuration the bundle asks for "
                + "\\(nativepack-environment.json\\): .*TESSDATA_PREFIX").contains("NATIVE");
        assertThat(unconfigured.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unconfigured.out()).contains("Failed loading language 'eng'").doesNotContain("note: setting");
        assertThat(overridden.exitCode()).as("--env wins over the layer's configuration").isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(overridden.out()).contains("/opt/nowhere");
    }

    @Test
    void tesseractAsAHelperFindsItsLanguageThroughTheBundlesConfiguration() {
        Path helper = dir.resolve("ocr-helper.zip");
        CliRun bundled = CliRun.of("bundle", "/usr/bin/tesseract", "--target", HELPER_TARGET, "--layout", "helper",
                "-o", helper.toString());
        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        String bind = task.resolve("word.png") + ":/var/task/word.png";

        CliRun run = CliRun.of(read("verify", helper.toString(), "--target", HELPER_TARGET, "--entry", "bin/tesseract",
                "--bind", bind));
        CliRun unconfigured = CliRun.of(read("verify", helper.toString(), "--target", HELPER_TARGET, "--entry",
                "bin/tesseract", "--bind", bind, "--no-configuration"));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("NATIVE");
        assertThat(unconfigured.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unconfigured.out()).contains("Failed loading language 'eng'");
    }

    @Test
    void aDamagedConfigurationIsOneLineNamingTheLayer() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Files.writeString(layer.resolve("nativepack-environment.json"), "{\"Variables\": {\"A\": 1}}");
        Path notJson = Files.createDirectories(dir.resolve("not-json"));
        Files.writeString(notJson.resolve("nativepack-environment.json"), "A=1\n");

        CliRun run = CliRun.of("verify", task.toString(), "--target", layerTarget.toString(), "--layer",
                layer.toString(), "--entry", "/opt/bin/none");
        CliRun notJsonRun = CliRun.of("verify", notJson.toString(), "--target", layerTarget.toString(), "--entry",
                "bin/none");
        CliRun badEnv = CliRun.of("verify", task.toString(), "--target", layerTarget.toString(), "--env", "TZ=UTC");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("nativepack verify: " + layer + ": nativepack-environment.json: not a function "
                + "configuration (expected {\"Variables\": {\"NAME\": \"value\"}})\n");
        assertThat(notJsonRun.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notJsonRun.err()).startsWith("nativepack verify: " + notJson + ": nativepack-environment.json: not JSON")
                .hasLineCount(1);
        assertThat(badEnv.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badEnv.err()).isEqualTo("nativepack verify: --env TZ: reserved by Lambda, which does not let a "
                + "function set it\n");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
