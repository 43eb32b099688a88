package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dynamic section read through PT_DYNAMIC, compared with readelf -d (which reads the .dynamic section). */
class DynamicOracleTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    /** Tags whose value is an address that readelf prints in hex. */
    private static final Set<Long> ADDRESS_TAGS = Set.of(DynamicTag.DT_STRTAB, DynamicTag.DT_SYMTAB,
            DynamicTag.DT_HASH, DynamicTag.DT_GNU_HASH, DynamicTag.DT_VERSYM, DynamicTag.DT_VERNEED,
            DynamicTag.DT_VERDEF);

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void dynamicEntries_haveReadelfsTagsAndAddresses(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.DynamicEntry> expected = Readelf.dynamic(file);
        List<long[]> actual = ElfFile.open(file).dynamicLayout().entries();

        assertThat(tags(actual)).isEqualTo(expected.stream().map(Readelf.DynamicEntry::tag).toList());
        for (int i = 0; i < actual.size(); i++) {
            Readelf.DynamicEntry e = expected.get(i);
            if (ADDRESS_TAGS.contains(e.tag())) {
                assertThat(actual.get(i)[1]).as(e.name()).isEqualTo(Readelf.hex(e.value()));
            }
        }
    }

    private static List<Long> tags(List<long[]> entries) {
        List<Long> out = new ArrayList<>();
        for (long[] e : entries) {
            out.add(e[0]);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void dynamic_stringsAndFlagsMatchReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.DynamicEntry> expected = Readelf.dynamic(file);
        DynamicSection actual = ElfFile.open(file).dynamic();

        List<String> needed = new ArrayList<>();
        String soname = null, rpath = null, runpath = null;
        long flags = 0, flags1 = 0;
        for (Readelf.DynamicEntry e : expected) {
            switch (e.name()) {
                case "NEEDED": needed.add(e.bracketed()); break;
                case "SONAME": soname = e.bracketed(); break;
                case "RPATH": rpath = e.bracketed(); break;
                case "RUNPATH": runpath = e.bracketed(); break;
                case "FLAGS": flags = Readelf.flagBits(e); break;
                case "FLAGS_1": flags1 = Readelf.flagBits(e); break;
                default: break;
            }
        }
        assertThat(actual.needed()).isEqualTo(needed);
        assertThat(actual.soname()).isEqualTo(soname);
        assertThat(actual.rpath()).isEqualTo(rpath);
        assertThat(actual.runpath()).isEqualTo(runpath);
        assertThat(actual.flags()).isEqualTo(flags);
        assertThat(actual.flags1()).isEqualTo(flags1);
    }

    @Test
    void dynamic_runpathIsReadFromPtDynamic() throws IOException {
        DynamicSection d = ElfFile.open(fixtures.path(Fixture.LIB_RUNPATH)).dynamic();
        assertThat(d.runpath()).isEqualTo(Fixtures.RPATH);
        assertThat(d.rpath()).isNull();
        assertThat(d.hasRunpath()).isTrue();
        assertThat(d.effectiveRpath()).isNull();
    }

    @Test
    void dynamic_disableNewDtagsGivesDtRpath() throws IOException {
        DynamicSection d = ElfFile.open(fixtures.path(Fixture.LIB_RPATH)).dynamic();
        assertThat(d.rpath()).isEqualTo(Fixtures.RPATH);
        assertThat(d.runpath()).isNull();
        assertThat(d.effectiveRpath()).isEqualTo(Fixtures.RPATH);
    }

    @Test
    void dynamic_sonameIsTheOneGivenToTheLinker() throws IOException {
        assertThat(ElfFile.open(fixtures.path(Fixture.LIB_SONAME)).dynamic().soname()).isEqualTo(Fixtures.SONAME);
    }

    @Test
    void dynamic_zNodefaultlibSetsDf1Nodeflib() throws IOException {
        assertThat(ElfFile.open(fixtures.path(Fixture.LIB_NODEFLIB)).dynamic().noDefaultLib()).isTrue();
        assertThat(ElfFile.open(fixtures.path(Fixture.LIB_SONAME)).dynamic().noDefaultLib()).isFalse();
    }

    @Test
    void dynamic_programLinkedAgainstVersionedLibraryNeedsItsSoname() throws IOException {
        assertThat(ElfFile.open(fixtures.path(Fixture.X86_64_VERSIONED_EXE)).dynamic().needed())
                .containsExactly(Fixtures.VERSIONED_SONAME, "libc.so.6");
    }

    @Test
    void dynamic_staticExecutableHasNone() throws IOException {
        ElfFile elf = ElfFile.open(fixtures.path(Fixture.STATIC));
        assertThat(elf.hasDynamicSegment()).isFalse();
        assertThat(elf.dynamic()).isEqualTo(DynamicSection.EMPTY);
    }
}
