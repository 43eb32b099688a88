package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} text output checked against readelf on gcc-compiled fixtures. */
class InspectTextTest {
    @TempDir
    static Path dir;
    static CliFixtures fixtures;

    @BeforeAll
    static void compile() throws IOException {
        fixtures = CliFixtures.compile(dir);
    }

    @Test
    void testInspect_headerMatchesReadelf() throws IOException {
        Map<String, String> readelf = ReadelfOracle.header(fixtures.program);
        CliRun run = CliRun.of("inspect", fixtures.program.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(value(run.out(), "class")).isEqualTo(readelf.get("Class") + ", little-endian");
        assertThat(readelf.get("Data")).contains("little endian");
        assertThat(readelf.get("Machine")).isEqualTo("Advanced Micro Devices X86-64");
        assertThat(value(run.out(), "machine")).isEqualTo("x86_64");
        assertThat(value(run.out(), "type")).startsWith(readelf.get("Type").split(" ")[0] + " (");
        assertThat(value(run.out(), "build-id")).isEqualTo(ReadelfOracle.buildId(fixtures.program));
    }

    @Test
    void testInspect_dynamicSectionMatchesReadelf() throws IOException {
        CliRun run = CliRun.of("inspect", fixtures.program.toString());

        assertThat(values(run.out(), "NEEDED")).isEqualTo(ReadelfOracle.dynamic(fixtures.program, "NEEDED"));
        assertThat(value(run.out(), "RUNPATH")).isEqualTo(CliFixtures.PROGRAM_RUNPATH)
                .isEqualTo(ReadelfOracle.dynamic(fixtures.program, "RUNPATH").get(0));
        assertThat(value(run.out(), "RPATH")).isEqualTo("none");
        assertThat(value(run.out(), "FLAGS_1")).isEqualTo(ReadelfOracle.dynamic(fixtures.program, "FLAGS_1").get(0));
        assertThat(value(run.out(), "FLAGS")).isEqualTo(ReadelfOracle.dynamic(fixtures.program, "FLAGS").get(0));
        assertThat(value(run.out(), "interpreter")).isEqualTo("/lib64/ld-linux-x86-64.so.2");
    }

    @Test
    void testInspect_libraryShowsSonameAndVersionDefinitions() throws IOException {
        CliRun run = CliRun.of("inspect", fixtures.library.toString());

        assertThat(value(run.out(), "SONAME")).isEqualTo(CliFixtures.LIBRARY_SONAME)
                .isEqualTo(ReadelfOracle.dynamic(fixtures.library, "SONAME").get(0));
        assertThat(value(run.out(), "interpreter")).isEqualTo("none");
        for (String name : ReadelfOracle.versionDefinitions(fixtures.library).values()) {
            assertThat(run.out()).containsPattern("\\n\\s+\\d+\\s+" + name.replace(".", "\\.") + "\\b");
        }
        assertThat(run.out()).contains("FIX_2.0 parents: FIX_1.0");
    }

    @Test
    void testInspect_versionNeedsListEveryRequiredVersion() throws IOException {
        CliRun run = CliRun.of("inspect", "--symbols", fixtures.program.toString());

        Map<String, List<String>> needs = ReadelfOracle.versionNeeds(fixtures.program);
        assertThat(needs).containsKeys(CliFixtures.LIBRARY_SONAME, "libm.so.6", "libc.so.6");
        for (Map.Entry<String, List<String>> library : needs.entrySet()) {
            assertThat(run.out()).contains("\n    " + library.getKey() + "\n");
            for (String version : library.getValue()) {
                assertThat(run.out()).containsPattern("\\n      " + version.replace(".", "\\.") + "\\s+\\d+ symbols?");
            }
        }
        // With --symbols, the symbols behind each version are listed (readelf --dyn-syms: sqrt@GLIBC_2.2.5).
        assertThat(ReadelfOracle.undefinedVersionedSymbols(fixtures.program)).containsEntry("fix_two", "FIX_2.0");
        assertThat(run.out()).containsPattern("FIX_2\\.0\\s+1 symbol\\n\\s+fix_two\\n");
    }

    @Test
    void testInspect_severalFilesGiveOneSectionEach() {
        CliRun run = CliRun.of("inspect", fixtures.program.toString(), fixtures.library.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith(fixtures.program + "\n").contains("\n\n" + fixtures.library + "\n");
    }

    /** The value on the "label   value" line of the text output. */
    static String value(String text, String label) {
        List<String> found = values(text, label);
        assertThat(found).as("line for " + label).isNotEmpty();
        return found.get(0);
    }

    /** The values of a label and of the continuation lines under it (NEEDED lists one name per line). */
    static List<String> values(String text, String label) {
        List<String> values = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("  " + label + " ") && lines[i].length() > 22) {
                values.add(lines[i].substring(22));
                for (int j = i + 1; j < lines.length && lines[j].startsWith(" ".repeat(22)); j++) {
                    values.add(lines[j].substring(22));
                }
                break;
            }
        }
        return values;
    }
}
