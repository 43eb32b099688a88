package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** .gnu.version_r and .gnu.version_d read through DT_VERNEED/DT_VERDEF, compared with readelf -V and --dyn-syms. */
class VersionOracleTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void versionDefinitions_matchReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.VersionDef> expected = Readelf.versions(file).definitions();
        List<VersionDefinition> actual = ElfFile.open(file).versionDefinitions();

        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            Readelf.VersionDef e = expected.get(i);
            VersionDefinition a = actual.get(i);
            assertThat(a.index()).isEqualTo(e.index());
            assertThat(a.flags()).isEqualTo(flagBits(e.flags()));
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.parents()).isEqualTo(e.parents());
            assertThat(1 + a.parents().size()).isEqualTo(e.count());
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void versionNeeds_matchReadelfNamesFlagsAndIndices(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.VersionNeedEntry> expected = Readelf.versions(file).needs();
        ElfFile elf = ElfFile.open(file);
        // The fast path first, on a fresh file, so it cannot reuse the full result.
        assertNeedsEqual(elf.versionNeedsWithoutSymbols(), expected);
        assertNeedsEqual(elf.versionNeeds(), expected);
    }

    private static void assertNeedsEqual(List<VersionNeed> actual, List<Readelf.VersionNeedEntry> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            Readelf.VersionNeedEntry e = expected.get(i);
            VersionNeed a = actual.get(i);
            assertThat(a.library()).isEqualTo(e.file());
            assertThat(a.versions()).hasSize(e.count());
            for (int j = 0; j < e.count(); j++) {
                RequiredVersion v = a.versions().get(j);
                Readelf.VersionAux x = e.versions().get(j);
                assertThat(v.name()).isEqualTo(x.name());
                assertThat(v.flags()).isEqualTo(flagBits(x.flags()));
                assertThat(v.weak()).isEqualTo(x.flags().contains("WEAK"));
                assertThat(v.index()).isEqualTo(x.index());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void versionNeeds_undefinedSymbolsPerVersionMatchReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        Map<String, List<String>> expected = new TreeMap<>();
        for (Readelf.Symbol s : Readelf.symbols(file, ".dynsym")) {
            if (s.number() > 0 && s.undefined() && s.version() != null) {
                expected.computeIfAbsent(s.version(), k -> new ArrayList<>()).add(s.name());
            }
        }
        Map<String, List<String>> actual = new TreeMap<>();
        for (VersionNeed need : ElfFile.open(file).versionNeeds()) {
            for (RequiredVersion v : need.versions()) {
                if (!v.symbols().isEmpty()) {
                    actual.computeIfAbsent(v.name(), k -> new ArrayList<>()).addAll(v.symbols());
                }
            }
        }
        expected.values().forEach(l -> l.sort(null));
        actual.values().forEach(l -> l.sort(null));
        assertThat(actual).isEqualTo(expected);
    }

    /** Research (elf.md §3.2) measured 73 and 59; readelf is the oracle, the research numbers the cross-check. */
    @Test
    void versionNeeds_libgdalGlibcxxSymbolCountsMatchReadelfAndResearch() throws IOException {
        Path file = fixtures.path(Fixture.DEBIAN_LIBGDAL);
        long readelf34 = Readelf.symbols(file, ".dynsym").stream()
                .filter(s -> s.undefined() && "GLIBCXX_3.4".equals(s.version())).count();
        long readelf3421 = Readelf.symbols(file, ".dynsym").stream()
                .filter(s -> s.undefined() && "GLIBCXX_3.4.21".equals(s.version())).count();
        assertThat(readelf34).isEqualTo(73);
        assertThat(readelf3421).isEqualTo(59);

        VersionNeed stdcxx = ElfFile.open(file).versionNeeds().stream()
                .filter(n -> n.library().equals("libstdc++.so.6")).findFirst().orElseThrow();
        assertThat(symbolCount(stdcxx, "GLIBCXX_3.4")).isEqualTo(readelf34);
        assertThat(symbolCount(stdcxx, "GLIBCXX_3.4.21")).isEqualTo(readelf3421);
    }

    private static long symbolCount(VersionNeed need, String version) {
        return need.versions().stream().filter(v -> v.name().equals(version)).findFirst().orElseThrow()
                .symbols().size();
    }

    @Test
    void versionDefinitions_versionScriptParentsAreKept() throws IOException {
        List<VersionDefinition> defs = ElfFile.open(fixtures.path(Fixture.X86_64_VERSIONED_LIB)).versionDefinitions();
        // From the version script: VER_2 inherits VER_1, VER_3 inherits VER_2, VER_W inherits VER_1.
        assertThat(defs).extracting(VersionDefinition::name, VersionDefinition::parents).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Fixtures.VERSIONED_SONAME, List.of()),
                org.assertj.core.groups.Tuple.tuple("VER_1", List.of()),
                org.assertj.core.groups.Tuple.tuple("VER_2", List.of("VER_1")),
                org.assertj.core.groups.Tuple.tuple("VER_3", List.of("VER_2")),
                org.assertj.core.groups.Tuple.tuple("VER_W", List.of("VER_1")));
        assertThat(defs.get(0).isBase()).isTrue();
    }

    /**
     * GNU ld 2.40 copies vna_flags from the provider's Verdef and has no way to mark a version
     * weak from a version script, so the weak flag is set in a copy; readelf confirms the patch.
     */
    @Test
    void versionNeeds_weakVernauxIsReportedWeak(@TempDir Path tmp) throws IOException {
        Path original = fixtures.path(Fixture.X86_64_VERSIONED_EXE);
        Readelf.Section verneed = Readelf.sections(original).stream()
                .filter(s -> s.name().equals(".gnu.version_r")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(original);
        // First Vernaux follows the first 16-byte Verneed; vna_flags is its third field (offset 4).
        ByteEdits.putU16(bytes, verneed.offset() + 16 + 4, 2, ByteOrder.LITTLE_ENDIAN);
        Path patched = tmp.resolve("weak");
        Files.write(patched, bytes);

        Readelf.VersionAux expected = Readelf.versions(patched).needs().get(0).versions().get(0);
        assertThat(expected.flags()).isEqualTo("WEAK");
        RequiredVersion actual = ElfFile.open(patched).versionNeeds().get(0).versions().get(0);
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.weak()).isTrue();
    }

    private static int flagBits(String readelfFlags) {
        int bits = 0;
        for (String word : readelfFlags.split("\\s*\\|\\s*")) {
            switch (word.trim()) {
                case "none": break;
                case "BASE": bits |= 1; break;
                case "WEAK": bits |= 2; break;
                case "INFO": bits |= 4; break;
                default: throw new AssertionError("unknown version flag " + word);
            }
        }
        return bits;
    }
}
