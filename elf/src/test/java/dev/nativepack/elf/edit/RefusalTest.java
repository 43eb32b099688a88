package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.elf.DynamicTag;
import dev.nativepack.elf.edit.ElfEditException.Reason;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be edited is refused with the file's name and a reason, and the input is never touched. */
class RefusalTest {
    @TempDir
    static Path dir;
    static Programs programs;

    static final String MAIN = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";

    @BeforeAll
    static void setUp() {
        programs = new Programs(dir);
    }

    static void refused(ThrowingCallable edit, Reason reason, String fragment) {
        assertThatThrownBy(edit).isInstanceOfSatisfying(ElfEditException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.file()).isNotBlank();
            assertThat(e.getMessage()).startsWith(e.file() + ": ").contains(fragment);
        });
    }

    @Test
    void staticExecutable_hasNothingToEdit() throws IOException {
        byte[] bytes = Files.readAllBytes(Toolchain.NATIVE.compile(dir.resolve("static"), MAIN, "-static"));
        refused(() -> ElfEditor.of(bytes, "static").setRpath("$ORIGIN").apply(), Reason.NOT_DYNAMIC, "static executable");
    }

    @Test
    void staticPie_hasNothingToEdit() throws IOException {
        byte[] bytes = Files.readAllBytes(Toolchain.NATIVE.compile(dir.resolve("static-pie"), MAIN, "-static-pie"));
        refused(() -> ElfEditor.of(bytes, "static-pie").setRpath("$ORIGIN").apply(), Reason.NOT_DYNAMIC, "static-PIE");
    }

    @Test
    void objectFile_hasNoDynamicSection() throws IOException {
        byte[] bytes = Files.readAllBytes(Toolchain.NATIVE.compile(dir.resolve("main.o"), MAIN, "-c"));
        refused(() -> ElfEditor.of(bytes, "main.o").setRpath("$ORIGIN").apply(), Reason.NOT_DYNAMIC, "relocatable object");
    }

    @Test
    void notElf_andTruncatedFiles_areDamaged() throws IOException {
        byte[] text = "#!/bin/sh\necho hi\n".getBytes();
        refused(() -> ElfEditor.of(text, "script.sh").setRpath("x").apply(), Reason.DAMAGED, "not an ELF file");
        byte[] program = Files.readAllBytes(programs.of(Arch.X86_64).program());
        byte[] cut = Arrays.copyOf(program, 600);
        refused(() -> ElfEditor.of(cut, "cut").setRpath("x").apply(), Reason.DAMAGED, "cut");
    }

    @Test
    void dynamicSectionWithoutTerminator_isDamaged() throws IOException {
        byte[] program = Files.readAllBytes(programs.of(Arch.X86_64).program());
        RawElf raw = RawElf.read("prog", program);
        Bytes b = new Bytes(program.clone(), raw.header.byteOrder(), raw.is64);
        long start = raw.dynamicHeader().offset();
        for (int slot = raw.entries.size(); slot < raw.dynamicHeader().filesz() / raw.dynEntrySize; slot++) {
            b.putWord(start + (long) slot * raw.dynEntrySize, 0x15 /* DT_DEBUG */);
        }
        byte[] damaged = b.toArray();
        refused(() -> ElfEditor.of(damaged, "no-terminator").setRpath("x").apply(), Reason.DAMAGED, "no DT_NULL terminator");
    }

    @Test
    void stringTableOutsideTheFile_isDamaged() throws IOException {
        byte[] program = Files.readAllBytes(programs.of(Arch.AARCH64).withRpath());
        RawElf raw = RawElf.read("prog", program);
        RawElf.DynEntry strtab = raw.entries.stream().filter(e -> e.tag() == DynamicTag.DT_STRTAB).findFirst().orElseThrow();
        Bytes b = new Bytes(program.clone(), raw.header.byteOrder(), raw.is64);
        b.putWord(raw.dynamicHeader().offset() + (long) strtab.slot() * raw.dynEntrySize + raw.dynEntrySize / 2, 0x7fff0000L);
        byte[] damaged = b.toArray();
        refused(() -> ElfEditor.of(damaged, "bad-strtab").setRpath("x").apply(), Reason.DAMAGED, "not inside any loadable segment");
    }

    @Test
    void stringOffsetPastTheTable_isDamaged() throws IOException {
        byte[] program = Files.readAllBytes(programs.of(Arch.ARMHF).withRpath());
        RawElf raw = RawElf.read("prog", program);
        RawElf.DynEntry rpath = raw.entries.stream().filter(e -> e.tag() == DynamicTag.DT_RPATH).findFirst().orElseThrow();
        Bytes b = new Bytes(program.clone(), raw.header.byteOrder(), raw.is64);
        b.putWord(raw.dynamicHeader().offset() + (long) rpath.slot() * raw.dynEntrySize + raw.dynEntrySize / 2, raw.strSize + 5);
        byte[] damaged = b.toArray();
        refused(() -> ElfEditor.of(damaged, "bad-rpath").setRunpath("x").apply(), Reason.DAMAGED, "DT_RPATH");
    }

    @Test
    void replacingANeededTheFileLacks_isNotFound() throws IOException {
        byte[] program = Files.readAllBytes(programs.of(Arch.X86_64).program());
        refused(() -> ElfEditor.of(program, "prog").replaceNeeded("libnothere.so.1", "libx.so.1").apply(),
                Reason.NOT_FOUND, "has no DT_NEEDED 'libnothere.so.1'");
    }

    @Test
    void anEditAboveTheAllowedTier_isRefused_andTheInputIsUntouched() throws IOException {
        byte[] program = Files.readAllBytes(programs.of(Arch.X86_64).program());
        byte[] copy = program.clone();
        refused(() -> ElfEditor.of(program, "prog").limitTo(Tier.IN_PLACE).setRpath("$ORIGIN/libdir").apply(),
                Reason.NO_ROOM, "needs tier SPARE_SPACE");
        refused(() -> ElfEditor.of(program, "prog").limitTo(Tier.SPARE_SPACE).setRpath("x".repeat(100_000)).apply(),
                Reason.NO_ROOM, "needs tier APPEND");
        assertThat(program).isEqualTo(copy);
        EditResult ok = ElfEditor.of(program, "prog").limitTo(Tier.SPARE_SPACE).setRpath("$ORIGIN/libdir").apply();
        assertThat(ok.tierUsed()).isEqualTo(Tier.SPARE_SPACE);
        assertThat(program).isEqualTo(copy);
    }

    @Test
    void badValues_areRejectedBeforeTouchingTheFile() {
        ElfEditor editor = ElfEditor.of(new byte[0], "empty");
        assertThatThrownBy(() -> editor.setRpath("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> editor.setSoname("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> editor.replaceNeeded("a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anEditThatChangesNothing_returnsTheSameBytes() throws IOException {
        byte[] program = Files.readAllBytes(programs.of(Arch.S390X).withRpath());
        EditResult r = ElfEditor.of(program, "prog").setRpath(Programs.PLACEHOLDER).apply();
        assertThat(r.tierUsed()).isEqualTo(Tier.IN_PLACE);
        assertThat(r.bytes()).isEqualTo(program);
        assertThat(r.changes()).isEmpty();
    }
}
