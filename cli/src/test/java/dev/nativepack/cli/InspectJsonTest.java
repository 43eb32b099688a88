package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect --json}: parses, has the documented keys, and its values agree with readelf. */
class InspectJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static CliFixtures fixtures;

    @BeforeAll
    static void compile() throws IOException {
        fixtures = CliFixtures.compile(dir);
    }

    @Test
    void testInspectJson_hasTheDocumentedKeys() throws IOException {
        JsonNode report = inspect(fixtures.program);

        assertThat(fieldNames(report)).containsExactly("file", "header", "loading", "identity", "dynamic",
                "programHeaders", "sectionCount", "notes", "versions");
        assertThat(fieldNames(report.get("dynamic"))).contains("soname", "needed", "rpath", "runpath", "flags",
                "flags1", "textRelocations", "relr");
        assertThat(fieldNames(report.get("versions"))).containsExactly("needs", "definitions", "highest");
    }

    @Test
    void testInspectJson_valuesMatchReadelf() throws IOException {
        JsonNode report = inspect(fixtures.program);
        Map<String, String> header = ReadelfOracle.header(fixtures.program);

        assertThat(report.get("file").asText()).isEqualTo(fixtures.program.toString());
        assertThat(report.at("/header/elfClass").asText()).isEqualTo(header.get("Class"));
        assertThat(report.at("/header/machineNumber").asInt()).isEqualTo(62);
        assertThat(report.at("/header/kind").asText()).isEqualTo("PIE_EXECUTABLE");
        assertThat(report.at("/loading/libc").asText()).isEqualTo("glibc");
        assertThat(report.at("/identity/buildId").asText()).isEqualTo(ReadelfOracle.buildId(fixtures.program));
        assertThat(texts(report.at("/dynamic/needed"))).isEqualTo(ReadelfOracle.dynamic(fixtures.program, "NEEDED"));
        assertThat(report.at("/dynamic/runpath").asText()).isEqualTo(CliFixtures.PROGRAM_RUNPATH);
        assertThat(report.at("/dynamic/rpath").isNull()).isTrue();
        assertThat(texts(report.at("/dynamic/flags1"))).containsExactly("NOW", "PIE");
        assertThat(report.get("sectionCount").asInt())
                .isEqualTo(Integer.parseInt(header.get("Number of section headers")));
        assertThat(report.get("programHeaders").size())
                .isEqualTo(Integer.parseInt(header.get("Number of program headers")));
    }

    @Test
    void testInspectJson_versionNeedsCountSymbolsAndNameTheHighestGlibc() throws IOException {
        JsonNode report = inspect(fixtures.program, "--symbols");
        Map<String, Map<String, Integer>> indexes = ReadelfOracle.versionNeedIndexes(fixtures.program);
        Map<Integer, List<String>> symbols = ReadelfOracle.undefinedSymbolsByVersionIndex(fixtures.program);

        List<String> libraries = new ArrayList<>();
        for (JsonNode library : report.at("/versions/needs")) {
            String name = library.get("library").asText();
            libraries.add(name);
            List<String> versions = new ArrayList<>();
            for (JsonNode version : library.get("versions")) {
                String versionName = version.get("name").asText();
                versions.add(versionName);
                List<String> expected = symbols.getOrDefault(indexes.get(name).get(versionName), List.of());
                assertThat(version.get("symbolCount").asInt()).as(name + " " + versionName).isEqualTo(expected.size());
                assertThat(texts(version.get("symbols"))).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(version.get("weak").asBoolean()).isFalse();
            }
            assertThat(versions).containsExactlyElementsOf(indexes.get(name).keySet());
        }
        assertThat(libraries).containsExactlyElementsOf(indexes.keySet());
        assertThat(report.at("/versions/highest/GLIBC").asText())
                .isEqualTo(highestGlibc(ReadelfOracle.versionNeeds(fixtures.program)));
    }

    @Test
    void testInspectJson_withoutSymbolsLeavesSymbolNamesOut() throws IOException {
        JsonNode report = inspect(fixtures.program);

        assertThat(report.at("/versions/needs/0/versions/0/symbols").isNull()).isTrue();
    }

    @Test
    void testInspectJson_severalFilesGiveAnArray() throws IOException {
        CliRun run = CliRun.of("inspect", "--json", fixtures.program.toString(), fixtures.library.toString());

        JsonNode reports = JSON.readTree(run.out());
        assertThat(reports.isArray()).isTrue();
        assertThat(reports.get(1).at("/dynamic/soname").asText()).isEqualTo(CliFixtures.LIBRARY_SONAME);
        assertThat(reports.get(1).at("/versions/definitions/2/parents/0").asText()).isEqualTo("FIX_1.0");
    }

    private static JsonNode inspect(Path file, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("inspect", "--json"));
        args.addAll(List.of(options));
        args.add(file.toString());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    /** The highest GLIBC_x.y[.z] readelf lists, compared number by number. */
    private static String highestGlibc(Map<String, List<String>> needs) {
        String best = null;
        for (List<String> versions : needs.values()) {
            for (String v : versions) {
                if (v.matches("GLIBC_[0-9.]+") && (best == null || compareNumbers(v, best) > 0)) {
                    best = v;
                }
            }
        }
        return best;
    }

    private static int compareNumbers(String a, String b) {
        String[] x = a.substring(6).split("\\.");
        String[] y = b.substring(6).split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
