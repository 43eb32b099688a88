package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ELF header, program headers and section headers of every fixture, compared with readelf -h, -l and -S. */
class HeaderOracleTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void header_matchesReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        Map<String, String> r = Readelf.header(file);
        ElfHeader h = ElfFile.open(file).header();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(h.elfClass().name()).isEqualTo(r.get("Class"));
        soft.assertThat(h.byteOrder()).isEqualTo(r.get("Data").endsWith("little endian")
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        soft.assertThat(h.identVersion()).isEqualTo((int) Readelf.leadingNumber(r.get("Version")));
        soft.assertThat(h.osAbi()).isEqualTo(ReadelfNames.lookup(ReadelfNames.OS_ABIS, r.get("OS/ABI")));
        soft.assertThat(h.abiVersion()).isEqualTo(Integer.parseInt(r.get("ABI Version")));
        soft.assertThat(h.type()).isEqualTo(ReadelfNames.lookup(ReadelfNames.FILE_TYPES, r.get("Type").split(" ")[0]));
        soft.assertThat(h.machine()).isEqualTo(ReadelfNames.lookup(ReadelfNames.MACHINES, r.get("Machine")));
        soft.assertThat(h.version()).isEqualTo(Readelf.leadingNumber(r.get("Version#2")));
        soft.assertThat(h.entry()).isEqualTo(Readelf.leadingNumber(r.get("Entry point address")));
        soft.assertThat(h.phoff()).isEqualTo(Readelf.leadingNumber(r.get("Start of program headers")));
        soft.assertThat(h.shoff()).isEqualTo(Readelf.leadingNumber(r.get("Start of section headers")));
        soft.assertThat(h.flags()).isEqualTo(Readelf.leadingNumber(r.get("Flags")));
        soft.assertThat(h.ehsize()).isEqualTo((int) Readelf.leadingNumber(r.get("Size of this header")));
        soft.assertThat(h.phentsize()).isEqualTo((int) Readelf.leadingNumber(r.get("Size of program headers")));
        soft.assertThat(h.phnum()).isEqualTo((int) Readelf.leadingNumber(r.get("Number of program headers")));
        soft.assertThat(h.shentsize()).isEqualTo((int) Readelf.leadingNumber(r.get("Size of section headers")));
        soft.assertThat(h.shnum()).isEqualTo((int) Readelf.leadingNumber(r.get("Number of section headers")));
        soft.assertThat(h.shstrndx()).isEqualTo(
                (int) Readelf.leadingNumber(r.get("Section header string table index")));
        soft.assertAll();
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void programHeaders_matchReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        Readelf.Segments expected = Readelf.programHeaders(file);
        ElfFile elf = ElfFile.open(file);
        List<ProgramHeader> actual = elf.programHeaders();

        assertThat(actual).hasSameSizeAs(expected.segments()).isNotEmpty();
        for (int i = 0; i < actual.size(); i++) {
            Readelf.Segment e = expected.segments().get(i);
            ProgramHeader a = actual.get(i);
            assertThat(a).as("segment %d", i).isEqualTo(new ProgramHeader(
                    ReadelfNames.lookup(ReadelfNames.SEGMENT_TYPES, e.type()), segmentFlags(e.flags()), e.offset(),
                    e.vaddr(), e.paddr(), e.filesz(), e.memsz(), e.align()));
        }
        assertThat(elf.interpreter()).isEqualTo(expected.interpreter());
    }

    /** readelf prints p_flags as "RWE" with blanks for missing bits. */
    private static long segmentFlags(String text) {
        return (text.charAt(0) == 'R' ? ProgramHeader.PF_R : 0) | (text.charAt(1) == 'W' ? ProgramHeader.PF_W : 0)
                | (text.charAt(2) == 'E' ? ProgramHeader.PF_X : 0);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void sections_matchReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.Section> expected = Readelf.sections(file);
        List<SectionHeader> actual = ElfFile.open(file).sections();

        assertThat(actual).hasSameSizeAs(expected).hasSizeGreaterThan(10);
        for (int i = 0; i < actual.size(); i++) {
            Readelf.Section e = expected.get(i);
            SectionHeader a = actual.get(i);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(a.index()).isEqualTo(e.index());
            soft.assertThat(a.name()).isEqualTo(e.name());
            soft.assertThat(a.type()).isEqualTo(ReadelfNames.lookup(ReadelfNames.SECTION_TYPES, e.type()));
            soft.assertThat(a.addr()).isEqualTo(e.addr());
            soft.assertThat(a.offset()).isEqualTo(e.offset());
            soft.assertThat(a.size()).isEqualTo(e.size());
            soft.assertThat(a.entsize()).isEqualTo(e.entsize());
            soft.assertThat(a.flags() & ReadelfNames.knownSectionFlagMask())
                    .isEqualTo(ReadelfNames.sectionFlags(e.flags()));
            soft.assertThat(a.link()).isEqualTo(e.link());
            soft.assertThat(a.info()).isEqualTo(e.info());
            soft.assertThat(a.addralign()).isEqualTo(e.align());
            soft.assertAll();
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void symbolTable_hasReadelfsSymtabCount(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        int expected = Readelf.symbolCount(file, ".symtab");
        assertThat(ElfFile.open(file).symbolTable()).hasSize(Math.max(expected, 0));
    }
}
