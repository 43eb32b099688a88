package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} from the command line: a program that needs a glibc symbol version newer than
 * provided.al2023's (arc4random, glibc 2.36) and one that does not; what gdalinfo's libraries load at
 * run time; formats, --fail-on, and bad input.
 */
class AuditCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path newGlibc;
    static Path plain;

    @BeforeAll
    static void compile() throws Exception {
        newGlibc = Toolchain.NATIVE.compile(dir.resolve("rng"),
                "#include <stdlib.h>\nint main(void) { return (int) (arc4random() % 2); }\n");
        plain = Toolchain.NATIVE.compile(dir.resolve("plain"), "int main(void) { return 0; }\n");
    }

    @Test
    void aSymbolVersionTheTargetLacksFailsWithTheCulpritNamed() {
        CliRun run = CliRun.of("audit", newGlibc.toString(), "--target", "provided.al2023");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.out()).contains("aws-lambda/provided.al2023/x86_64").contains("symbol-version")
                .contains("GLIBC_2.36").contains("arc4random");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theSameProgramPassesOnATargetWithANewerGlibc() {
        CliRun run = CliRun.of("audit", newGlibc.toString(), "--target", "azure/debian12");

        assertThat(run.out()).doesNotContain("symbol-version");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void failOnDecidesTheExitCode() {
        Path debug = dir.resolve("plain");
        assertThat(CliRun.of("audit", newGlibc.toString(), "--target", "provided.al2023", "--fail-on", "none").exitCode())
                .isEqualTo(ExitCodes.OK);
        // An executable stack is a warning: it fails only from --fail-on warning down.
        Path xstack = dir.resolve("xstack");
        try {
            Toolchain.NATIVE.compile(xstack, "int main(void) { return 0; }\n", "-z", "execstack");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(CliRun.of("audit", xstack.toString(), "--target", "azure/debian12").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(CliRun.of("audit", xstack.toString(), "--target", "azure/debian12", "--fail-on", "warning").exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(CliRun.of("audit", debug.toString(), "--target", "azure/debian12", "--fail-on", "loud").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void jsonAndSarifAreMachineReadable() throws Exception {
        CliRun json = CliRun.of("audit", newGlibc.toString(), "--target", "provided.al2023", "--format", "json");
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.path("target").path("id").asText()).isEqualTo("aws-lambda/provided.al2023/x86_64");
        assertThat(doc.path("findings")).anySatisfy(f -> {
            assertThat(f.path("rule").asText()).isEqualTo("symbol-version");
            assertThat(f.path("severity").asText()).isEqualTo("error");
        });

        CliRun sarif = CliRun.of("audit", newGlibc.toString(), "--target", "provided.al2023", "--format", "sarif");
        JsonNode log = JSON.readTree(sarif.out());
        assertThat(log.path("version").asText()).isEqualTo("2.1.0");
        assertThat(log.path("runs").get(0).path("results")).anySatisfy(r ->
                assertThat(r.path("ruleId").asText()).isEqualTo("symbol-version"));
        assertThat(sarif.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aLibraryBesideTheProgramInADirectoryOrZipIsFoundAtTheTaskRoot() throws Exception {
        // Deployed at /var/task, which is on provided.al2023's LD_LIBRARY_PATH: the loader finds libf.so.1.
        Path app = dir.resolve("app");
        Path lib = Toolchain.NATIVE.sharedLibrary(app.resolve("libf.so.1"), "f", 1, "-Wl,-soname,libf.so.1");
        Toolchain.NATIVE.compile(app.resolve("main"), "int f(void); int main(void) { return f(); }\n", lib.toString());
        Path zip = dir.resolve("app.zip");
        Toolchain.run(app, java.util.Map.of(), "zip", "-q", zip.toString(), "main", "libf.so.1");

        for (Path input : new Path[] {app, zip}) {
            CliRun run = CliRun.of("audit", input.toString(), "--target", "provided.al2023");

            assertThat(run.out()).as(input.toString()).doesNotContain("missing-library").contains("2 files audited");
            assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCodes.OK);
        }
        assertThat(Toolchain.exec(app, java.util.Map.of("LD_LIBRARY_PATH", app.toString()),
                app.resolve("main").toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void whatGdalLoadsAtRunTimeIsReportedInEveryFormat() throws Exception {
        String[] args = {"audit", "/usr/bin/gdalinfo", "--target", "provided.al2023", "--fail-on", "none"};

        CliRun text = CliRun.of(args);
        JsonNode json = JSON.readTree(CliRun.of(concat(args, "--format", "json")).out());
        JsonNode sarif = JSON.readTree(CliRun.of(concat(args, "--format", "sarif")).out());

        assertThat(text.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(text.out()).contains("warning  runtime-data  /usr/bin/gdalinfo: libproj.so.25 needs proj.db "
                + "(/usr/share/proj, ");
        assertThat(json.path("findings")).anySatisfy(f -> {
            assertThat(f.path("rule").asText()).isEqualTo("runtime-data");
            assertThat(f.path("subject").asText()).isEqualTo("libgdal.so.32");
            assertThat(f.path("severity").asText()).isEqualTo("warning");
            assertThat(f.path("evidence").toString()).contains("GDAL_DATA=/var/task/share/gdal");
        });
        assertThat(sarif.path("runs").get(0).path("results")).anySatisfy(r -> {
            assertThat(r.path("ruleId").asText()).isEqualTo("runtime-data");
            assertThat(r.path("properties").path("subject").asText()).isEqualTo("libproj.so.25");
        });
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void anUnknownTargetIsAUsageErrorThatSuggestsIds() {
        CliRun run = CliRun.of("audit", plain.toString(), "--target", "provided.al2024");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("provided.al2024").contains("provided.al2023");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void badInputsGetOneLineAndExitThree() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a program\n");
        Path damagedZip = Files.write(dir.resolve("broken.zip"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(plain), 100));
        Path badTarget = Files.writeString(dir.resolve("target.json"), "{\"schema\": 1, \"id\": 3}");

        for (String[] args : new String[][] {
                {"audit", dir.resolve("missing").toString(), "--target", "provided.al2023"},
                {"audit", text.toString(), "--target", "provided.al2023"},
                {"audit", damagedZip.toString(), "--target", "provided.al2023"},
                {"audit", truncated.toString(), "--target", "provided.al2023"},
                {"audit", plain.toString(), "--target", badTarget.toString()}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
    }
}
