package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import dev.nativepack.elf.edit.ElfEditException.Reason;
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
 * The check every edit ends with: given output that does not say what was asked, or that changed
 * something it does not own, it raises instead of letting the bytes through.
 */
class VerifierTest {
    @TempDir
    static Path dir;
    static byte[] program;
    static RawElf raw;

    @BeforeAll
    static void setUp() throws IOException {
        program = Files.readAllBytes(new Programs(dir).of(Arch.X86_64).withRpath());
        raw = RawElf.read("prog-rpath", program);
    }

    /** What an edit that changes nothing expects. */
    static Verifier.Expectation unchanged() {
        List<long[]> entries = new ArrayList<>();
        for (RawElf.DynEntry e : raw.entries) {
            entries.add(new long[] {e.tag(), e.value(), e.slot()});
        }
        return new Verifier.Expectation(raw.dynamic.needed(), raw.dynamic.soname(), raw.dynamic.rpath(),
                raw.dynamic.runpath(), Map.of(), null, null, entries);
    }

    static void fails(byte[] result, List<long[]> owned, String fragment) {
        assertThatThrownBy(() -> Verifier.verify(raw, result, unchanged(), owned))
                .isInstanceOfSatisfying(ElfEditException.class, e -> {
                    if (e.reason() != Reason.VERIFICATION_FAILED) {
                        throw new AssertionError("reason " + e.reason());
                    }
                })
                .hasMessageContaining(fragment);
    }

    @Test
    void theOriginal_passes() {
        assertThatCode(() -> Verifier.verify(raw, program.clone(), unchanged(), List.of())).doesNotThrowAnyException();
    }

    @Test
    void aByteChangedInCode_isCaught() {
        SectionHeader text = raw.sections.stream().filter(s -> s.name().equals(".text")).findFirst().orElseThrow();
        byte[] result = program.clone();
        result[(int) text.offset() + 3] ^= 0x40;
        fails(result, List.of(), "changed outside the structures being edited");
    }

    @Test
    void aSearchPathThatReadsDifferently_isCaught() {
        byte[] result = program.clone();
        int at = (int) (raw.strOff + raw.entries.stream().filter(e -> e.tag() == 15).findFirst().orElseThrow().value());
        result[at + 1] = 'X';
        fails(result, List.<long[]>of(new long[] {raw.strOff, raw.strSize}), "DT_RPATH reads");
    }

    @Test
    void aSymbolNameThatChanged_isCaught() {
        byte[] result = program.clone();
        RawElf.StringRef symbol = raw.refs.stream().filter(r -> r.kind() == RawElf.RefKind.SYMBOL && r.string().equals("printf"))
                .findFirst().orElseThrow();
        result[(int) (raw.strOff + symbol.value())] = 'q';
        fails(result, List.<long[]>of(new long[] {raw.strOff, raw.strSize}), "dynamic symbol table");
    }

    @Test
    void aSegmentWhoseAddressAndOffsetDisagree_isCaught() {
        byte[] result = program.clone();
        Bytes b = new Bytes(result, raw.header.byteOrder(), raw.is64);
        int last = -1;
        for (int i = 0; i < raw.phdrs.size(); i++) {
            // The code segment: nothing the dynamic section points to lives there.
            if (raw.phdrs.get(i).type() == ProgramHeader.PT_LOAD && (raw.phdrs.get(i).flags() & ProgramHeader.PF_X) != 0) {
                last = i;
            }
        }
        long entry = raw.header.phoff() + (long) last * raw.header.phentsize();
        b.putWord(entry + 16, raw.phdrs.get(last).vaddr() + 8);
        fails(b.toArray(), List.<long[]>of(new long[] {raw.header.phoff(), (long) raw.header.phnum() * raw.header.phentsize()}),
                "not congruent");
    }
}
