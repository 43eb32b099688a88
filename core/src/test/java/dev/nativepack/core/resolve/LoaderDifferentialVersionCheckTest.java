package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The symbol-version check against the real loader: a program linked against libv.so.1 (V_1, V_2)
 * that uses a V_2 symbol, run with a libv.so.1 that defines only V_1 on its RPATH. The loader's
 * error message is the expected value; the symbol behind the version comes from objdump.
 *
 * <p>There is no weak-requirement case: GNU ld copies vna_flags from the provider's vd_flags, and
 * gives VER_FLG_WEAK only to a version node that no symbol uses (so nothing can reference it);
 * gold always writes 0. Neither linker produces a weak Vernaux from source.
 */
class LoaderDifferentialVersionCheckTest {
    private static final String BOTH = "int f1(void) { return 1; }\nint f2(void) { return 2; }\n";
    private static final String V1_AND_V2 = "V_1 { global: f1; local: *; };\nV_2 { global: f2; } V_1;\n";
    private static final String ONLY_V1_SOURCE = "int f1(void) { return 1; }\n";
    private static final String ONLY_V1 = "V_1 { global: f1; local: *; };\n";
    private static final String PROGRAM = "int f2(void);\nint main(void) { return f2() == 2 ? 0 : 1; }\n";

    @TempDir
    Path dir;

    @Test
    void aMissingVersionNamesTheVersionTheProgramAndTheSymbol() throws IOException {
        Path app = program(ONLY_V1_SOURCE, ONLY_V1);

        OracleCommand.Result run = OracleCommand.run(dir, 30, Map.of(), app.toString());
        assertThat(run.exitCode()).as(run.stderr()).isNotZero();
        List<LoaderListing.VersionError> errors = LoaderListing.versionErrors(run.stderr());
        assertThat(errors).as(run.stderr()).singleElement().satisfies(e -> assertThat(e.version()).isEqualTo("V_2"));
        LoaderListing.VersionError error = errors.get(0);
        List<String> symbols = undefinedSymbolsBoundTo(app, "V_2");
        assertThat(symbols).isNotEmpty();

        Closure closure = resolve(app);
        assertThat(closure.loads()).isFalse();
        assertThat(closure.versionProblems()).singleElement().satisfies(p -> {
            assertThat(p.version()).isEqualTo(error.version());
            assertThat(p.requester().path()).isEqualTo(error.requiredBy());
            assertThat(p.provider().path()).isEqualTo(error.provider());
            assertThat(p.weak()).isFalse();
            assertThat(p.symbols()).containsExactlyInAnyOrderElementsOf(symbols);
            assertThat(p.message()).isEqualTo("version `" + error.version() + "' not found (required by "
                    + error.requiredBy() + ")");
        });
    }

    @Test
    void theCompleteLibraryLoadsForBoth() throws IOException {
        Path app = program(BOTH, V1_AND_V2);

        OracleCommand.Result run = OracleCommand.run(dir, 30, Map.of(), app.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();

        Closure closure = resolve(app);
        assertThat(closure.versionProblems()).isEmpty();
        assertThat(closure.loads()).isTrue();
    }

    /** Links the program against the complete library, then puts the given one on its RPATH. */
    private Path program(String runtimeSource, String runtimeScript) throws IOException {
        Path linkTime = library(dir.resolve("build"), BOTH, V1_AND_V2);
        Path runDir = dir.resolve("run");
        library(runDir, runtimeSource, runtimeScript);
        return Toolchain.NATIVE.compile(dir.resolve("app"), PROGRAM, linkTime.toString(), "-Wl,--disable-new-dtags",
                "-Wl,-rpath," + runDir);
    }

    private static Path library(Path libDir, String source, String script) throws IOException {
        Files.createDirectories(libDir);
        Path map = libDir.resolve("libv.map");
        Files.writeString(map, script);
        return Toolchain.NATIVE.compile(libDir.resolve("libv.so.1"), source, "-shared", "-fPIC",
                "-Wl,-soname,libv.so.1", "-Wl,--version-script," + map);
    }

    private static Closure resolve(Path file) throws IOException {
        Path root = Path.of("/");
        return new Resolver(ProfileDetector.detect(root, ElfFile.open(file)), root).resolve(file);
    }

    /** objdump -T: "0000000000000000      DF *UND*  0000000000000000 (V_2)        f2". */
    private static List<String> undefinedSymbolsBoundTo(Path file, String version) throws IOException {
        Pattern line = Pattern.compile("^.*\\*UND\\*\\s+\\S+\\s+\\(?" + Pattern.quote(version) + "\\)?\\s+(\\S+)$");
        List<String> out = new ArrayList<>();
        for (String l : Toolchain.run(file.getParent(), Map.of(), "objdump", "-T", file.toString()).split("\n")) {
            Matcher m = line.matcher(l);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
