package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The loader never reads section headers (sstrip removes them), so everything the resolver needs
 * must read the same from a copy whose e_shoff, e_shnum and e_shstrndx are zeroed.
 */
class SectionHeaderFreeTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    /** Zeroes e_shoff, e_shnum and e_shstrndx; the offsets depend only on the class. */
    static byte[] withoutSectionHeaders(byte[] original) {
        byte[] copy = original.clone();
        boolean is64 = copy[4] == 2;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN; // zero is zero in either byte order
        ByteEdits.putWord(copy, is64 ? 0x28 : 0x20, 0, is64, order);
        ByteEdits.putU16(copy, is64 ? 0x3c : 0x30, 0, order);
        ByteEdits.putU16(copy, is64 ? 0x3e : 0x32, 0, order);
        return copy;
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void loaderView_isTheSameWithoutSectionHeaders(Fixture fixture) throws IOException {
        byte[] bytes = fixtures.bytes(fixture);
        ElfFile original = ElfFile.parse(Path.of(fixture.name()), bytes);
        ElfFile stripped = ElfFile.parse(Path.of(fixture.name() + "-no-sections"), withoutSectionHeaders(bytes));

        assertThat(stripped.sections()).isEmpty();
        assertThat(original.sections()).as("the original has section headers").isNotEmpty();
        assertThat(stripped.interpreter()).isEqualTo(original.interpreter());
        assertThat(stripped.dynamic()).isEqualTo(original.dynamic());
        assertThat(stripped.dynamicSymbols()).isEqualTo(original.dynamicSymbols());
        assertThat(stripped.versionNeeds()).isEqualTo(original.versionNeeds());
        assertThat(stripped.versionDefinitions()).isEqualTo(original.versionDefinitions());
        assertThat(noteSummaries(stripped.notes())).isEqualTo(noteSummaries(original.notes()));
        assertThat(stripped.buildId()).isEqualTo(original.buildId());
    }

    /** ElfNote holds a byte[], whose equals is identity; compare owner, type and hex content. */
    private static List<String> noteSummaries(List<ElfNote> notes) {
        return notes.stream().map(n -> n.owner() + "/" + n.type() + "/" + NoteReader.hex(n.descriptor())).toList();
    }
}
