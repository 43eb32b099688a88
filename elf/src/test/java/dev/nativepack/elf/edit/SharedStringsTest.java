package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.DynamicTag;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linkers share strings in .dynstr: an RPATH equal to a symbol name is stored once, and one that
 * is the tail of another string (c.so.6 of libc.so.6) points into it. Overwriting such a string
 * in place corrupts the other reference (patchelf#162); the editor must detect the sharing.
 */
class SharedStringsTest {
    @TempDir
    static Path dir;

    static final String LIBRARY = "#include <stdio.h>\nint f(void) { return puts(\"x\"); }\n";
    static final String PROGRAM = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";

    @Test
    void rpathThatIsTheTailOfNeeded_isNotOverwritten() throws IOException {
        Path lib = Toolchain.NATIVE.compile(dir.resolve("libtail.so"), LIBRARY, "-shared", "-fPIC",
                "-Wl,-rpath,c.so.6", "-Wl,--disable-new-dtags");
        byte[] original = Files.readAllBytes(lib);
        RawElf raw = RawElf.read("libtail.so", original);
        long needed = valueOf(raw, DynamicTag.DT_NEEDED);
        long rpath = valueOf(raw, DynamicTag.DT_RPATH);
        assertThat(rpath).as("the linker merged c.so.6 into the tail of libc.so.6").isEqualTo(needed + 3);

        EditResult r = ElfEditor.of(original, "libtail.so").setRpath("$ORIGIN").apply();
        Path out = Oracles.write(dir.resolve("libtail-edited.so"), r.bytes());

        assertThat(Oracles.readelfDynamic(out)).isEqualTo(new Oracles.Dynamic(List.of("libc.so.6"), null, "$ORIGIN", null));
        assertThat(ElfFile.parse(out, r.bytes()).dynamic().needed()).containsExactly("libc.so.6");
        assertThat(r.changes()).noneMatch(c -> c.contains("in place of the string it replaces"));
        assertThat(Oracles.newElflintMessages(lib, out, true, false)).isEmpty();
        assertThat(Oracles.loaderList(Arch.X86_64, out)).containsKey("libc.so.6");
    }

    @Test
    void newValueThatIsATailOfAnExistingString_reusesIt() throws IOException {
        Path lib = Toolchain.NATIVE.compile(dir.resolve("libreuse.so"), LIBRARY, "-shared", "-fPIC",
                "-Wl,-rpath,/opt/some/where", "-Wl,--disable-new-dtags");
        byte[] original = Files.readAllBytes(lib);
        EditResult r = ElfEditor.of(original, "libreuse.so").setRpath("bc.so.6").apply();
        Path out = Oracles.write(dir.resolve("libreuse-edited.so"), r.bytes());

        assertThat(r.tierUsed()).isEqualTo(Tier.IN_PLACE);
        assertThat(r.changes()).anyMatch(c -> c.contains("an identical string already in .dynstr"));
        RawElf edited = RawElf.read("edited", r.bytes());
        assertThat(valueOf(edited, DynamicTag.DT_RPATH)).isEqualTo(valueOf(edited, DynamicTag.DT_NEEDED) + 2);
        assertThat(Oracles.readelfDynamic(out)).isEqualTo(new Oracles.Dynamic(List.of("libc.so.6"), null, "bc.so.6", null));
        // The old path no longer shared with anything was zeroed, not left behind.
        assertThat(new String(r.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("/opt/some/where");
    }

    @Test
    void rpathEqualToASymbolName_leavesTheSymbolIntact() throws IOException {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("puts-rpath"), PROGRAM, "-Wl,-rpath,puts", "-Wl,--disable-new-dtags");
        byte[] original = Files.readAllBytes(prog);
        RawElf raw = RawElf.read("puts-rpath", original);
        long rpath = valueOf(raw, DynamicTag.DT_RPATH);
        assertThat(raw.refs).anySatisfy(ref -> {
            assertThat(ref.kind()).isEqualTo(RawElf.RefKind.SYMBOL);
            assertThat(ref.value()).isEqualTo(rpath);
        });

        for (String value : List.of("pu", "$ORIGIN/lib")) {
            EditResult r = ElfEditor.of(original, "puts-rpath").setRpath(value).apply();
            Path out = Oracles.write(dir.resolve("puts-rpath-" + value.length()), r.bytes());
            assertThat(Oracles.readelfDynamic(out).rpath()).isEqualTo(value);
            assertThat(Oracles.readelf(out, "--dyn-syms")).contains(" puts@GLIBC_2.2.5");
            assertThat(Oracles.run(Arch.X86_64, out, Map.of())).isEqualTo("hi\n");
            assertThat(Oracles.newElflintMessages(prog, out, true, false)).isEmpty();
        }
    }

    private static long valueOf(RawElf raw, long tag) {
        return raw.entries.stream().filter(e -> e.tag() == tag).findFirst().orElseThrow().value();
    }
}
