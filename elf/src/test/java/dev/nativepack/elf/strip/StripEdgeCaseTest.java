package dev.nativepack.elf.strip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.SectionHeader;
import dev.nativepack.elf.strip.StripFixtures.Arch;
import dev.nativepack.elf.strip.StripFixtures.Kind;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that take the less common paths: no section headers, unusual sections, odd layouts. */
class StripEdgeCaseTest {
    @TempDir
    static Path dir;
    static StripFixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new StripFixtures(dir.resolve("fixtures"));
    }

    @Test
    void stripAll_withoutSectionHeaders_returnsTheInputUnchanged() throws IOException {
        byte[] bytes = Files.readAllBytes(fixtures.path(Arch.X86_64, Kind.PIE));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(40, 0).putShort(60, (short) 0).putShort(62, (short) 0);
        assertThat(ElfFile.parse(Path.of("no-sections"), bytes).sections()).isEmpty();

        StripResult result = Stripper.stripAll(bytes, "no-sections");
        assertThat(result.stripped()).isSameAs(bytes);
        assertThat(result.bytesRemoved()).isZero();
        assertThat(result.removedSections()).isEmpty();
        StripResult split = Stripper.stripAndSplit(bytes, "no-sections");
        assertThat(split.stripped()).isSameAs(bytes);
        assertThat(split.debugFile()).isNull();
    }

    @Test
    void stripAll_relocatableObject_isRefusedNamingTheFile() throws IOException {
        Path object = Arch.X86_64.toolchain.compile(dir.resolve("object.o"), StripFixtures.LIBRARY, "-g", "-c");
        byte[] bytes = Files.readAllBytes(object);
        assertThatThrownBy(() -> Stripper.stripAll(bytes, object.toString()))
                .isInstanceOf(NotStrippableException.class)
                .hasMessageContaining(object.toString())
                .hasMessageContaining("REL");
    }

    @Test
    void stripAll_removesExactlyWhatStripRemoves() throws IOException {
        Path original = fixtures.path(Arch.X86_64, Kind.PIE);
        Path blob = dir.resolve("blob");
        Files.writeString(blob, "x\n");
        Path decorated = dir.resolve("decorated");
        Files.copy(original, decorated);
        // The debugging sections BFD knows by name, and sections strip keeps.
        for (String name : List.of(".stab", ".stabstr", ".line", ".gdb_index", ".gnu.linkonce.wi.x",
                ".gnu.debuglto_.debug_info", ".debugfoo", ".zdebug_x", ".gnu_debugdata", ".gnu_debugaltlink",
                ".note.foo", ".GCC.command.line", ".gnu.build.attributes", ".gnu.warning.x", ".comment2", ".mystuff")) {
            Tools.objcopy(Arch.X86_64, "--add-section", name + "=" + blob, decorated.toString());
        }
        Path reference = dir.resolve("decorated.strip");
        Tools.strip(Arch.X86_64, decorated, reference);
        StripResult result = Stripper.stripAll(Files.readAllBytes(decorated), decorated.toString());
        Path stripped = StripFixtures.write(dir.resolve("decorated.stripped"), result.stripped());

        assertThat(Tools.sectionNames(stripped)).isEqualTo(Tools.sectionNames(reference))
                .contains(".comment", ".gnu_debugdata", ".gnu_debugaltlink", ".note.foo", ".mystuff");
        TreeSet<String> removed = Tools.sectionNames(decorated);
        removed.removeAll(Tools.sectionNames(reference));
        assertThat(new TreeSet<>(result.removedSections())).isEqualTo(removed);
        assertThat(Tools.withoutSectionNumbers(Tools.elflint(stripped)))
                .isSubsetOf(Tools.withoutSectionNumbers(Tools.elflint(decorated)));
        assertThat(StripFixtures.run(Arch.X86_64, stripped)).isEqualTo(StripFixtures.run(Arch.X86_64, original));
    }

    @Test
    void existingDebugLink_stripAllKeepsIt_stripAndSplitReplacesIt() throws IOException {
        Path original = fixtures.path(Arch.AARCH64, Kind.SHARED);
        Path old = dir.resolve("old.debug");
        Files.writeString(old, "an older debug file");
        Path linked = dir.resolve("linked").resolve("libfix.so");
        Files.createDirectories(linked.getParent());
        Tools.objcopy(Arch.AARCH64, "--add-gnu-debuglink=" + old, original.toString(), linked.toString());
        byte[] bytes = Files.readAllBytes(linked);

        StripResult all = Stripper.stripAll(bytes, linked.toString());
        Path kept = StripFixtures.write(dir.resolve("kept").resolve("libfix.so"), all.stripped());
        assertThat(Tools.sectionBytes(kept, ".gnu_debuglink")).isEqualTo(Tools.sectionBytes(linked, ".gnu_debuglink"));
        assertThat(all.removedSections()).doesNotContain(".gnu_debuglink");

        StripResult split = Stripper.stripAndSplit(bytes, linked.toString());
        assertThat(split.removedSections()).doesNotContain(".gnu_debuglink");
        Path replaced = StripFixtures.write(dir.resolve("replaced").resolve("libfix.so"), split.stripped());
        Path debug = StripFixtures.write(dir.resolve("replaced").resolve("libfix.so.debug"), split.debugFile());
        assertThat(Tools.sections(replaced).stream().filter(s -> s.name().equals(".gnu_debuglink")).count()).isEqualTo(1);
        byte[] link = Tools.sectionBytes(replaced, ".gnu_debuglink");
        assertThat(new String(link, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("libfix.so.debug");
        assertThat(ByteBuffer.wrap(link, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL)
                .isEqualTo(Tools.zlibCrc32(debug));
        assertThat(Tools.elflint(replaced)).isEmpty();

        StripResult again = Stripper.stripAndSplit(split.stripped(), replaced.toString());
        assertThat(again.stripped()).as("a stripped, linked file has nothing left to split").isSameAs(split.stripped());
    }

    @Test
    void removedSectionBeforeLoadedSections_leavesAnEmptySlotSoIndicesStay() throws IOException {
        // A linker script that puts .debug_info's header between .interp and the notes.
        String script = Toolchain.run(null, Map.of(), "ld", "--verbose");
        script = script.substring(script.indexOf("=====\n") + 6, script.lastIndexOf("\n====="));
        List<String> lines = new java.util.ArrayList<>(List.of(script.split("\n")));
        String debugInfo = lines.stream().filter(l -> l.trim().startsWith(".debug_info ")).findFirst().orElseThrow();
        lines.remove(debugInfo);
        int interp = IntStream.range(0, lines.size()).filter(i -> lines.get(i).trim().startsWith(".interp ")).findFirst().orElseThrow();
        lines.add(interp + 1, debugInfo);
        Path ld = dir.resolve("moved.ld");
        Files.writeString(ld, String.join("\n", lines));
        Path original = Arch.X86_64.toolchain.compile(dir.resolve("moved"), StripFixtures.MAIN, "-g", "-O1", "-Wl,-T," + ld);
        List<Tools.Section> before = Tools.sections(original);
        assertThat(before.get(2).name()).isEqualTo(".debug_info");

        StripResult result = Stripper.stripAll(Files.readAllBytes(original), original.toString());
        Path stripped = StripFixtures.write(dir.resolve("moved-stripped").resolve("moved"), result.stripped());
        List<Tools.Section> after = Tools.sections(stripped);
        assertThat(after.get(2).type()).isEqualTo("NULL");
        assertThat(after.get(2).name()).isEmpty();
        StripOracleTest.assertLoadedSectionsIdentical(original, stripped);
        assertThat(Tools.readelf(stripped, "-l")).isEqualTo(Tools.readelf(original, "-l"));
        assertThat(Tools.elflint(stripped)).isSubsetOf(Tools.elflint(original));
        assertThat(StripFixtures.run(Arch.X86_64, stripped)).isEqualTo(StripFixtures.run(Arch.X86_64, original));

        StripResult split = Stripper.stripAndSplit(Files.readAllBytes(original), original.toString());
        Path debug = StripFixtures.write(dir.resolve("moved-split").resolve("moved.debug"), split.debugFile());
        assertThat(Tools.readelf(debug, "--debug-dump=info")).contains("moved.c");
        assertThat(Tools.elflint(debug, "--debuginfo")).isEmpty();
    }

    @Test
    void extendedSectionNumbering_inputAndOutput() throws IOException {
        // 65,300 sections of one byte: e_shnum and e_shstrndx no longer fit and live in section 0.
        StringBuilder asm = new StringBuilder("\t.text\n\t.globl main\nmain:\n\txorl %eax, %eax\n\tret\n");
        for (int i = 0; i < 65_300; i++) {
            asm.append("\t.section .c").append(i).append(",\"\",@progbits\n\t.byte ").append(i & 0xff).append('\n');
        }
        asm.append("\t.section .note.GNU-stack,\"\",@progbits\n");
        Path source = dir.resolve("many.s");
        Files.writeString(source, asm);
        Path many = dir.resolve("many");
        Toolchain.run(dir, Map.of(), "gcc", "-g", "-no-pie", "-o", many.toString(), source.toString());
        assertThat(Tools.readelf(many, "-h")).contains("Number of section headers:         0 (");

        StripResult result = Stripper.stripAll(Files.readAllBytes(many), many.toString());
        assertThat(result.removedSections()).contains(".symtab", ".symtab_shndx", ".strtab", ".debug_info");
        Path stripped = StripFixtures.write(dir.resolve("many-stripped").resolve("many"), result.stripped());
        Path reference = dir.resolve("many.strip");
        Tools.strip(Arch.X86_64, many, reference);
        assertThat(Tools.readelf(stripped, "-h")).isEqualTo(Tools.readelf(reference, "-h").replace(reference.toString(), stripped.toString()));
        assertThat((long) result.stripped().length).isEqualTo(Files.size(reference));
        assertThat(Tools.elflint(stripped)).isSubsetOf(Tools.elflint(many));
        List<SectionHeader> sections = ElfFile.parse(stripped, result.stripped()).sections();
        assertThat(sections).hasSizeGreaterThan(0xff00);
        assertThat(sections.get(sections.size() - 1).name()).isEqualTo(".shstrtab");
        assertThat(StripFixtures.run(Arch.X86_64, stripped)).isEqualTo(StripFixtures.run(Arch.X86_64, many));

        StripResult split = Stripper.stripAndSplit(Files.readAllBytes(many), many.toString());
        Path debug = StripFixtures.write(dir.resolve("many-split").resolve("many.debug"), split.debugFile());
        assertThat(Tools.elflint(debug, "--debuginfo")).isSubsetOf(Tools.elflint(many));
    }

    @Test
    void extendedNumberingWithFewSections_stripsToTheSameBytesAsTheOrdinaryForm() throws IOException {
        byte[] ordinary = Files.readAllBytes(fixtures.path(Arch.S390X, Kind.SHARED));
        ByteBuffer b = ByteBuffer.wrap(ordinary.clone()).order(ByteOrder.BIG_ENDIAN);
        long shoff = b.getLong(40);
        int shnum = b.getShort(60) & 0xffff;
        int shstrndx = b.getShort(62) & 0xffff;
        b.putShort(60, (short) 0).putShort(62, (short) 0xffff);
        b.putLong((int) shoff + 32, shnum).putInt((int) shoff + 40, shstrndx);
        byte[] extended = b.array();
        assertThat(ElfFile.parse(Path.of("extended"), extended).sections()).hasSize(shnum);

        byte[] fromExtended = Stripper.stripAll(extended, "extended").stripped();
        assertThat(fromExtended).isEqualTo(Stripper.stripAll(ordinary, "ordinary").stripped());
    }

    @Test
    void stripping_isDeterministic() throws IOException {
        byte[] bytes = Files.readAllBytes(fixtures.path(Arch.ARMHF, Kind.USER));
        StripResult first = Stripper.stripAndSplit(bytes, "user");
        StripResult second = Stripper.stripAndSplit(bytes.clone(), "user");
        assertThat(second.stripped()).isEqualTo(first.stripped());
        assertThat(second.debugFile()).isEqualTo(first.debugFile());
    }

    @Test
    void debugFileName_isTheLastPathElementPlusDebug() {
        assertThat(Stripper.debugFileName("/opt/lib/libfoo.so.1")).isEqualTo("libfoo.so.1.debug");
        assertThat(Stripper.debugFileName("bootstrap")).isEqualTo("bootstrap.debug");
    }

    @Test
    void removedSections_listsNamesInIndexOrder() throws IOException {
        Path original = fixtures.path(Arch.PPC, Kind.PIE);
        StripResult result = Stripper.stripAll(Files.readAllBytes(original), original.toString());
        List<String> expected = Tools.sections(original).stream().map(Tools.Section::name)
                .filter(n -> n.startsWith(".debug") || n.equals(".symtab") || n.equals(".strtab"))
                .collect(Collectors.toList());
        assertThat(result.removedSections()).isEqualTo(expected);
    }
}
