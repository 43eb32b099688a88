package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code tree} on real binaries: a program whose library sits next to it (RUNPATH $ORIGIN), the
 * same program with the library removed, and with a library that lacks the required version.
 */
class TreeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path complete;
    static Path withoutLibrary;
    static Path withOldLibrary;

    @BeforeAll
    static void compile() throws IOException {
        CliFixtures fixtures = CliFixtures.compile(dir.resolve("build"));
        complete = layout("complete", fixtures, fixtures.library);
        withoutLibrary = layout("without-library", fixtures, null);
        // The same soname, defining FIX_1.0 only: the program's FIX_2.0 requirement cannot be met.
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("old.map"), "FIX_1.0 { global: fix_one; fix_two; local: *; };\n");
        Path oldLibrary = Toolchain.NATIVE.compile(old.resolve(CliFixtures.LIBRARY_SONAME),
                "int fix_one(void) { return 1; }\nint fix_two(void) { return 2; }\n", "-shared", "-fPIC",
                "-Wl,-soname," + CliFixtures.LIBRARY_SONAME, "-Wl,--version-script," + old.resolve("old.map"));
        withOldLibrary = layout("with-old-library", fixtures, oldLibrary);
    }

    /** A directory with the program, relinked with RUNPATH $ORIGIN, and the given library beside it. */
    private static Path layout(String name, CliFixtures fixtures, Path library) throws IOException {
        Path target = Files.createDirectories(dir.resolve(name));
        Path program = target.resolve("app");
        Files.copy(fixtures.program, program);
        Toolchain.run(target, Map.of(), "patchelf", "--set-rpath", "$ORIGIN", program.toString());
        if (library != null) {
            Files.copy(library, target.resolve(CliFixtures.LIBRARY_SONAME));
        }
        return program;
    }

    @Test
    void testTree_libraryFoundThroughRunpathOfTheProgram() throws IOException {
        assertThat(ReadelfOracle.dynamic(complete, "RUNPATH")).containsExactly("$ORIGIN");
        CliRun run = CliRun.of("tree", complete.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList().get(0)).isEqualTo(complete.toString());
        assertThat(run.out()).contains("── " + CliFixtures.LIBRARY_SONAME + " => "
                + complete.getParent().resolve(CliFixtures.LIBRARY_SONAME) + " [runpath of the main program]");
        // Every NEEDED entry of the program is a direct child of the root, in DT_NEEDED order.
        List<String> children = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            if (line.startsWith("├── ") || line.startsWith("└── ")) {
                children.add(line.substring(4).split(" ")[0]);
            }
        }
        assertThat(children).containsSubsequence(ReadelfOracle.dynamic(complete, "NEEDED"));
        assertThat(run.out()).contains("libc.so.6 (already loaded)");
    }

    @Test
    void testTree_missingLibraryIsListedWithWhereItWasSearched() throws IOException {
        CliRun run = CliRun.of("tree", withoutLibrary.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        Path expectedCandidate = withoutLibrary.getParent().resolve(CliFixtures.LIBRARY_SONAME);
        assertThat(run.out()).contains(CliFixtures.LIBRARY_SONAME + " not found; searched: " + expectedCandidate);

        JsonNode report = JSON.readTree(CliRun.of("tree", "--json", withoutLibrary.toString()).out());
        assertThat(report.get("loads").asBoolean()).isFalse();
        assertThat(report.at("/notFound/0/name").asText()).isEqualTo(CliFixtures.LIBRARY_SONAME);
        assertThat(report.at("/notFound/0/requiredBy").asText()).isEqualTo(withoutLibrary.toString());
        assertThat(report.at("/notFound/0/searched/0").asText()).isEqualTo(expectedCandidate.toString());
    }

    @Test
    void testTree_missingRequiredVersionFailsWithTheLoadersMessage() throws IOException {
        CliRun run = CliRun.of("tree", withOldLibrary.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("version problems:").contains("version `FIX_2.0' not found");

        JsonNode report = JSON.readTree(CliRun.of("tree", "--json", withOldLibrary.toString()).out());
        assertThat(report.at("/versionProblems/0/version").asText()).isEqualTo("FIX_2.0");
        assertThat(report.at("/versionProblems/0/weak").asBoolean()).isFalse();
        assertThat(report.at("/versionProblems/0/symbols/0").asText()).isEqualTo("fix_two");
    }

    @Test
    void testTreeJson_listsObjectsInLoadOrderWithHowTheyWereFound() throws IOException {
        CliRun run = CliRun.of("tree", "--json", complete.toString());
        JsonNode report = JSON.readTree(run.out());

        assertThat(run.exitCode()).isZero();
        assertThat(report.get("file").asText()).isEqualTo(complete.toString());
        assertThat(report.at("/objects/0/foundVia").asText()).isEqualTo("MAIN");
        JsonNode library = null;
        for (JsonNode object : report.get("objects")) {
            if (object.get("name").asText().equals(CliFixtures.LIBRARY_SONAME)) {
                library = object;
            }
        }
        assertThat(library).isNotNull();
        assertThat(library.get("foundVia").asText()).isEqualTo("RUNPATH");
        assertThat(library.get("soname").asText()).isEqualTo(CliFixtures.LIBRARY_SONAME);
        assertThat(library.get("loader").asText()).isEqualTo(complete.toString());
        assertThat(report.get("notFound")).isEmpty();
        assertThat(report.get("versionProblems")).isEmpty();
    }

    @Test
    void testTree_missingLibraryIsRedOnATerminalOnly() {
        RunEnvironment terminal = new RunEnvironment(Map.of(), true, dir);
        RunEnvironment noColor = new RunEnvironment(Map.of("NO_COLOR", "1"), true, dir);

        assertThat(CliRun.in(terminal, "tree", withoutLibrary.toString()).out())
                .contains("\u001b[31m" + CliFixtures.LIBRARY_SONAME + " not found");
        assertThat(CliRun.in(noColor, "tree", withoutLibrary.toString()).out()).doesNotContain("\u001b[");
        assertThat(CliRun.in(terminal, "tree", "--no-color", withoutLibrary.toString()).out()).doesNotContain("\u001b[");
    }
}
