package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made damage to real files, one kind per test. Each must end in MalformedElfException naming
 * the file, never another exception, a hang or a huge allocation ({@link AllAccessors} checks all three).
 */
class MalformedElfTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final Path NAME = Path.of("damaged.so");

    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @Test
    void open_emptyFileIsMalformed() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> ElfFile.open(empty)).isInstanceOf(MalformedElfException.class)
                .hasMessageStartingWith(empty + ": ");
        AllAccessors.expectMalformed(NAME, new byte[0]);
    }

    @Test
    void open_textFileIsMalformed() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "#!/bin/sh\necho this is not an ELF file\n");
        assertThatThrownBy(() -> ElfFile.open(text)).isInstanceOf(MalformedElfException.class)
                .hasMessageStartingWith(text + ": ");
        AllAccessors.expectMalformed(NAME, "\u007fELF but only the magic".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void open_phoffPastTheEndIsMalformed() throws IOException {
        byte[] b = fixtures.bytes(Fixture.LIB_SONAME);
        ByteEdits.putU64(b, 0x20, b.length + 64L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).contains("program header");
    }

    @Test
    void sections_shoffPastTheEndIsMalformed() throws IOException {
        byte[] b = fixtures.bytes(Fixture.LIB_SONAME);
        ByteEdits.putU64(b, 0x28, b.length + 64L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).contains("section header");
    }

    @Test
    void dynamic_strtabOutsideEveryPtLoadIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.LIB_SONAME);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU64(b, new Layout(file).dynamicValue("STRTAB"), 0x7fff00000000L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).isEqualTo("DT_STRTAB");
    }

    @Test
    void dynamic_neededOffsetPastStrszIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.PIE);
        Layout layout = new Layout(file);
        long strsz = Long.parseLong(layout.dynamicEntryText("STRSZ").value().split(" ")[0]);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU64(b, layout.dynamicValue("NEEDED"), strsz + 1, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).isEqualTo("DT_NEEDED");
    }

    @Test
    void dynamicSymbols_hashNchainAllOnesIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.LIB_SYSV_HASH);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU32(b, new Layout(file).section(".hash").offset() + 4, 0xffffffffL, LE);
        AllAccessors.expectMalformed(NAME, b);
    }

    /** count * entrySize wraps to 0 here: 2^29 symbols of 2^35 bytes. */
    @Test
    void dynamicSymbols_symentAndNchainWhoseProductOverflowsIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.LIB_BARE);
        Layout layout = new Layout(file);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU32(b, layout.section(".hash").offset() + 4, 1L << 29, LE);
        ByteEdits.putU64(b, layout.dynamicValue("SYMENT"), 1L << 35, LE);
        AllAccessors.expectMalformed(NAME, b);
    }

    @Test
    void dynamicSymbols_gnuHashChainWithoutTerminatorIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.LIB_SONAME);
        Readelf.Section gnuHash = new Layout(file).section(".gnu.hash");
        byte[] b = Files.readAllBytes(file);
        long table = gnuHash.offset();
        long buckets = ByteEdits.getU32(b, table, LE);
        long bloomWords = ByteEdits.getU32(b, table + 8, LE);
        long chains = table + 16 + bloomWords * 8 + buckets * 4;
        assertThat(chains).as("the library hashes at least one symbol").isLessThan(table + gnuHash.size());
        for (long o = chains; o < table + gnuHash.size(); o += 4) {
            b[(int) o] &= (byte) 0xfe; // clears the end-of-chain bit of every word (little endian)
        }
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).isEqualTo("DT_GNU_HASH chain");
    }

    /** ld.so walks vn_next and ignores DT_VERNEEDNUM, so a huge count must not cost anything. */
    @Test
    void versionNeeds_hugeVerneednumStopsAtTheLastVnNext() throws IOException {
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_EXE);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU64(b, new Layout(file).dynamicValue("VERNEEDNUM"), 0xffffffffL, LE);
        AllAccessors.Outcome outcome = AllAccessors.run(NAME, b);
        assertThat(outcome.errors()).isEmpty();
        assertThat(ElfFile.parse(NAME, b).versionNeeds()).isEqualTo(ElfFile.open(file).versionNeeds());
    }

    @Test
    void versionNeeds_hugeVerneednumWithLastVnNextPastTheEndIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_EXE);
        Layout layout = new Layout(file);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU64(b, layout.dynamicValue("VERNEEDNUM"), 0xffffffffL, LE);
        // The fixture has two Verneed records, each 16 bytes with two or four Vernaux of 16 bytes.
        long first = layout.section(".gnu.version_r").offset();
        long second = first + ByteEdits.getU32(b, first + 12, LE);
        ByteEdits.putU32(b, second + 12, 0x7ffffff0L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).startsWith("Verneed");
    }

    @Test
    void versionNeeds_vnNextPastTheEndIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_EXE);
        byte[] b = Files.readAllBytes(file);
        long first = new Layout(file).section(".gnu.version_r").offset();
        ByteEdits.putU32(b, first + 12, 0x7ffffff0L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).startsWith("Verneed");
    }

    @Test
    void versionNeeds_vnaNextPastTheEndIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_EXE);
        byte[] b = Files.readAllBytes(file);
        long first = new Layout(file).section(".gnu.version_r").offset();
        long firstAux = first + ByteEdits.getU32(b, first + 8, LE);
        assertThat(ByteEdits.getU16(b, first + 2, LE)).as("vn_cnt").isGreaterThan(1);
        ByteEdits.putU32(b, firstAux + 12, 0x7ffffff0L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).startsWith("Vernaux");
    }

    @Test
    void versionDefinitions_vdNextPastTheEndIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_LIB);
        byte[] b = Files.readAllBytes(file);
        long first = new Layout(file).section(".gnu.version_d").offset();
        ByteEdits.putU32(b, first + 16, 0x7ffffff0L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).startsWith("Verd");
    }

    @Test
    void notes_hugeDescriptorSizeIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.PIE);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU32(b, new Layout(file).section(".note.gnu.build-id").offset() + 4, 0xffffffffL, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).isEqualTo("note");
    }

    @Test
    void notes_hugeNameSizeIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.PIE);
        byte[] b = Files.readAllBytes(file);
        ByteEdits.putU32(b, new Layout(file).section(".note.ABI-tag").offset(), 0xfffffff0L, LE);
        assertThat(AllAccessors.expectMalformed(NAME, b).field()).isEqualTo("note");
    }

    /** PN_XNUM: the real count lives in section 0's sh_info. */
    @Test
    void programHeaders_phnumXnumTakesTheCountFromSection0() throws IOException {
        Path file = fixtures.path(Fixture.PIE);
        byte[] b = Files.readAllBytes(file);
        int phnum = Readelf.programHeaders(file).segments().size();
        long shoff = Readelf.leadingNumber(Readelf.header(file).get("Start of section headers"));
        ByteEdits.putU16(b, 0x38, 0xffff, LE);
        ByteEdits.putU32(b, shoff + 44, phnum, LE);
        Path patched = Files.write(dir.resolve("xnum"), b);

        assertThat(Readelf.header(patched).get("Number of program headers")).isEqualTo("65535 (" + phnum + ")");
        ElfFile elf = ElfFile.open(patched);
        assertThat(elf.header().phnum()).isEqualTo(phnum);
        assertThat(elf.programHeaders()).isEqualTo(ElfFile.open(file).programHeaders());
    }

    @Test
    void programHeaders_phnumXnumWithHugeSection0CountIsMalformed() throws IOException {
        Path file = fixtures.path(Fixture.PIE);
        byte[] b = Files.readAllBytes(file);
        long shoff = Readelf.leadingNumber(Readelf.header(file).get("Start of section headers"));
        ByteEdits.putU16(b, 0x38, 0xffff, LE);
        ByteEdits.putU32(b, shoff + 44, 0xfffffff0L, LE);
        AllAccessors.expectMalformed(NAME, b);
    }

    @Test
    void programHeaders_phnumXnumWithoutSectionHeadersIsMalformed() throws IOException {
        byte[] b = fixtures.bytes(Fixture.PIE);
        ByteEdits.putU16(b, 0x38, 0xffff, LE);
        ByteEdits.putU64(b, 0x28, 0, LE);
        AllAccessors.expectMalformed(NAME, b);
    }
}
