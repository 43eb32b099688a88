package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * .dynsym read through DT_SYMTAB (its size from DT_HASH or DT_GNU_HASH), compared entry by entry
 * with readelf --dyn-syms, which sizes the table from the section header.
 */
class SymbolOracleTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void dynamicSymbols_matchReadelfEntryByEntry(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.Symbol> expected = Readelf.symbols(file, ".dynsym");
        Readelf.Versions versions = Readelf.versions(file);
        Map<Integer, String> versionNames = versionNamesByIndex(versions);
        Set<String> definedVersions = versions.definitions().stream().map(Readelf.VersionDef::name)
                .collect(Collectors.toSet());
        List<ElfSymbol> actual = ElfFile.open(file).dynamicSymbols();

        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            Readelf.Symbol e = expected.get(i);
            ElfSymbol a = actual.get(i);
            SoftAssertions soft = new SoftAssertions();
            // readelf shows a section symbol by its section's name; the symbol's own st_name is 0.
            soft.assertThat(a.name()).as("name of %d", i).isEqualTo(e.type().equals("SECTION") ? "" : e.name());
            soft.assertThat(a.value()).as("value of %s", e.name()).isEqualTo(e.value());
            soft.assertThat(a.size()).as("size of %s", e.name()).isEqualTo(e.size());
            soft.assertThat(a.type()).as("type of %s", e.name())
                    .isEqualTo(ReadelfNames.lookup(ReadelfNames.SYMBOL_TYPES, e.type()));
            soft.assertThat(a.bind()).as("bind of %s", e.name())
                    .isEqualTo(ReadelfNames.lookup(ReadelfNames.SYMBOL_BINDS, e.bind()));
            soft.assertThat(a.visibility()).as("visibility of %s", e.name())
                    .isEqualTo(ReadelfNames.lookup(ReadelfNames.VISIBILITIES, e.visibility()));
            soft.assertThat(a.shndx()).as("shndx of %s", e.name()).isEqualTo(ReadelfNames.sectionIndex(e.ndx()));
            String version = versionNames.get(a.versionIndex());
            // readelf leaves out the version of the ABS symbol that names a version definition (VER_1@@VER_1).
            boolean versionSymbol = e.ndx().equals("ABS") && e.name().equals(version) && e.version() == null;
            if (!versionSymbol) {
                soft.assertThat(version).as("version of %s", e.name()).isEqualTo(e.version());
            }
            // The hidden bit is only shown (as @ instead of @@) for versions this file defines.
            if (e.version() != null && !e.undefined() && definedVersions.contains(e.version())) {
                soft.assertThat(a.hiddenVersion()).as("hidden version of %s", e.name()).isEqualTo(!e.defaultVersion());
            }
            soft.assertAll();
        }
    }

    /** readelf's own index-to-name map from -V (indices 0 and 1 carry no name in --dyn-syms). */
    static Map<Integer, String> versionNamesByIndex(Readelf.Versions v) {
        Map<Integer, String> out = new HashMap<>();
        for (Readelf.VersionDef d : v.definitions()) {
            if (d.index() > 1) {
                out.put(d.index(), d.name());
            }
        }
        for (Readelf.VersionNeedEntry n : v.needs()) {
            for (Readelf.VersionAux a : n.versions()) {
                out.put(a.index(), a.name());
            }
        }
        return out;
    }

    @Test
    void dynamicSymbols_sysvHashOnlyLibraryIsSizedByNchain() throws IOException {
        Path file = fixtures.path(Fixture.LIB_SYSV_HASH);
        assertThat(ElfFile.open(file).dynamicLayout().gnuHashTable()).isNegative();
        assertThat(ElfFile.open(file).dynamicSymbols()).hasSize(Readelf.symbolCount(file, ".dynsym"));
    }

    @Test
    void dynamicSymbols_hiddenAndDefaultVersionsOfTheSameName() throws IOException {
        // g was bound to g@VER_1 (hidden) and g@@VER_3 (default) with .symver.
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_LIB);
        Map<Integer, String> names = versionNamesByIndex(Readelf.versions(file));
        List<String> gs = ElfFile.open(file).dynamicSymbols().stream().filter(s -> s.name().equals("g"))
                .map(s -> names.get(s.versionIndex()) + (s.hiddenVersion() ? " hidden" : " default")).sorted().toList();
        assertThat(gs).containsExactly("VER_1 hidden", "VER_3 default");
    }
}
