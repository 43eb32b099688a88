package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.edit.Programs.Build;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every tier on compiled programs of every architecture, judged by readelf, eu-elflint and the
 * real loader: the edited program prints what it printed before, and {@code ld.so --list} finds
 * its library through the new search path.
 */
class ElfEditorTierTest {
    @TempDir
    static Path dir;
    static Programs programs;

    static final String LIBDIR = "$ORIGIN/libdir";

    @BeforeAll
    static void setUp() {
        programs = new Programs(dir);
    }

    /** A value of exactly {@code length} characters whose first entry finds the library. */
    static String searchPath(int length) {
        StringBuilder sb = new StringBuilder(LIBDIR).append(":/nonexistent/");
        while (sb.length() < length) {
            sb.append((char) ('a' + sb.length() % 26));
        }
        sb.setLength(length);
        return sb.toString();
    }

    // ---- Tier 1: in place.

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void shorterValue_isWrittenInPlace(Arch arch) throws IOException {
        Build b = programs.of(arch);
        EditResult r = ElfEditor.of(Files.readAllBytes(b.withRpath()), "prog-rpath").setRpath(LIBDIR).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.IN_PLACE);
        assertThat(r.bytesAdded()).isZero();
        assertThat(r.bytes()).hasSameSizeAs(Files.readAllBytes(b.withRpath()));
        checkProgram(b, b.withRpath(), r, "shorter", LIBDIR, null);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void equalLengthValue_isWrittenInPlace(Arch arch) throws IOException {
        Build b = programs.of(arch);
        String value = searchPath(Programs.PLACEHOLDER.length());
        EditResult r = ElfEditor.of(Files.readAllBytes(b.withRpath()), "prog-rpath").setRpath(value).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.IN_PLACE);
        assertThat(r.bytesAdded()).isZero();
        checkProgram(b, b.withRpath(), r, "equal", value, null);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void longerValue_reusesTheSpaceAnEarlierEditFreed(Arch arch) throws IOException {
        Build b = programs.of(arch);
        EditResult first = ElfEditor.of(Files.readAllBytes(b.withRpath()), "prog-rpath").setRpath("$ORIGIN").apply();
        String longer = searchPath(Programs.PLACEHOLDER.length() - 4);
        EditResult second = ElfEditor.of(first.bytes(), "prog-rpath (edited)").setRpath(longer).apply();

        assertThat(first.tierUsed()).isEqualTo(Tier.IN_PLACE);
        assertThat(second.tierUsed()).as("the old string was zeroed, so a longer one fits there").isEqualTo(Tier.IN_PLACE);
        checkProgram(b, b.withRpath(), second, "longer-in-freed-space", longer, null);
    }

    // ---- Tier 2: a spare DT_NULL slot and padding.

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void newTag_takesASpareSlotAndPadding(Arch arch) throws IOException {
        Build b = programs.of(arch);
        byte[] original = Files.readAllBytes(b.program());
        int spare = ElfFile.parse(b.program(), original).dynamic().spareNullEntries();
        EditResult r = ElfEditor.of(original, "prog").setRpath(LIBDIR).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.SPARE_SPACE);
        assertThat(r.bytes()).hasSameSizeAs(original);
        assertThat(ElfFile.parse(b.program(), r.bytes()).dynamic().spareNullEntries()).isEqualTo(spare - 1);
        checkProgram(b, b.program(), r, "new-tag", LIBDIR, null);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void valueLongerThanTheOldOne_growsTheStringTableIntoPadding(Arch arch) throws IOException {
        Build b = programs.of(arch);
        String value = searchPath(Programs.PLACEHOLDER.length() + 150);
        EditResult r = ElfEditor.of(Files.readAllBytes(b.withRpath()), "prog-rpath").setRpath(value).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.SPARE_SPACE);
        assertThat(r.bytesAdded()).isZero();
        checkProgram(b, b.withRpath(), r, "longer", value, null);
    }

    // ---- Tier 3: a new segment.

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void valueLargerThanAnyPadding_goesToANewSegment(Arch arch) throws IOException {
        Build b = programs.of(arch);
        // Larger than the 64 KiB a page can leave on aarch64 and ppc.
        String value = searchPath(70_000);
        byte[] original = Files.readAllBytes(b.program());
        EditResult r = ElfEditor.of(original, "prog").setRpath(value).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.APPEND);
        assertThat(r.bytesAdded()).isBetween((long) value.length(), value.length() + 8192L);
        Path out = checkProgram(b, b.program(), r, "append", value, null);
        checkNewSegment(arch, original, out);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void shortValue_canBeForcedIntoANewSegment(Arch arch) throws IOException {
        Build b = programs.of(arch);
        byte[] original = Files.readAllBytes(b.withRpath());
        EditResult r = ElfEditor.of(original, "prog-rpath").startAt(Tier.APPEND).moveTables(false).setRpath(LIBDIR).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.APPEND);
        Path out = checkProgram(b, b.withRpath(), r, "forced-append", LIBDIR, null);
        checkNewSegment(arch, original, out);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void noSpareSlot_movesTheDynamicSectionIntoAWritableSegment(Arch arch) throws IOException {
        Build b = programs.of(arch);
        byte[] original = Programs.withoutSpareSlots(Files.readAllBytes(b.program()));
        Path source = Oracles.write(b.dir().resolve("prog-no-spare"), original);
        assertThat(ElfFile.parse(source, original).dynamic().spareNullEntries()).isZero();
        EditResult r = ElfEditor.of(original, "prog-no-spare").setRpath(LIBDIR).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.APPEND);
        Path out = checkProgram(b, source, r, "no-spare", LIBDIR, null);
        ElfFile edited = ElfFile.parse(out, r.bytes());
        ProgramHeader dynamic = edited.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_DYNAMIC)
                .findFirst().orElseThrow();
        ProgramHeader home = edited.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD
                && p.offset() <= dynamic.offset() && dynamic.offset() < p.offset() + p.filesz()).findFirst().orElseThrow();
        assertThat(home.flagString()).as("glibc before 2.35 writes into .dynamic").isEqualTo("RW-");
        assertThat(edited.dynamic().spareNullEntries()).isPositive();
        checkNewSegment(arch, original, out);
    }

    // ---- Files without section headers, every tier.

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void filesWithoutSectionHeaders_areEditedInEveryTier(Arch arch) throws IOException {
        Build b = programs.of(arch);
        byte[] bare = Programs.withoutSectionHeaders(Files.readAllBytes(b.program()));
        byte[] bareRpath = Programs.withoutSectionHeaders(Files.readAllBytes(b.withRpath()));
        Path source = Oracles.write(b.dir().resolve("prog-no-sections"), bare);
        Path sourceRpath = Oracles.write(b.dir().resolve("prog-rpath-no-sections"), bareRpath);

        EditResult inPlace = ElfEditor.of(bareRpath, "bare").setRpath(LIBDIR).apply();
        EditResult spare = ElfEditor.of(bare, "bare").setRpath(LIBDIR).apply();
        String big = searchPath(70_000);
        EditResult append = ElfEditor.of(bare, "bare").setRpath(big).apply();

        assertThat(List.of(inPlace.tierUsed(), spare.tierUsed(), append.tierUsed()))
                .containsExactly(Tier.IN_PLACE, Tier.SPARE_SPACE, Tier.APPEND);
        checkProgram(b, sourceRpath, inPlace, "bare-in-place", LIBDIR, null);
        checkProgram(b, source, spare, "bare-spare", LIBDIR, null);
        checkProgram(b, source, append, "bare-append", big, null);
    }

    // ---- RPATH and RUNPATH.

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void rpathBecomesRunpathAndBack(Arch arch) throws IOException {
        Build b = programs.of(arch);
        EditResult toRunpath = ElfEditor.of(Files.readAllBytes(b.withRpath()), "prog-rpath").setRunpath(LIBDIR).apply();
        assertThat(toRunpath.tierUsed()).isEqualTo(Tier.IN_PLACE);
        assertThat(toRunpath.changes()).anyMatch(c -> c.contains("DT_RPATH") && c.contains("converted to DT_RUNPATH"));
        checkProgram(b, b.withRpath(), toRunpath, "to-runpath", null, LIBDIR);

        EditResult back = ElfEditor.of(toRunpath.bytes(), "prog-rpath (runpath)").setRpath(LIBDIR + ":/x").apply();
        assertThat(back.tierUsed()).isEqualTo(Tier.IN_PLACE);
        checkProgram(b, b.withRpath(), back, "back-to-rpath", LIBDIR + ":/x", null);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void settingRpath_removesRunpathThatWouldDisableIt(Arch arch) throws IOException {
        Build b = programs.of(arch);
        EditResult r = ElfEditor.of(Files.readAllBytes(b.withRunpath()), "prog-runpath").setRpath(LIBDIR).apply();

        assertThat(ElfFile.parse(b.withRunpath(), r.bytes()).dynamic().runpath()).isNull();
        assertThat(r.tierUsed()).isEqualTo(Tier.IN_PLACE);
        checkProgram(b, b.withRunpath(), r, "runpath-to-rpath", LIBDIR, null);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void addingRunpath_toAProgramWithout(Arch arch) throws IOException {
        Build b = programs.of(arch);
        EditResult r = ElfEditor.of(Files.readAllBytes(b.program()), "prog").setRunpath(LIBDIR).apply();

        assertThat(r.tierUsed()).isEqualTo(Tier.SPARE_SPACE);
        checkProgram(b, b.program(), r, "new-runpath", null, LIBDIR);
    }

    // ---- Executables at fixed addresses, and where the program header table goes.

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void nonPieExecutable_everyTier(Arch arch) throws IOException {
        Build b = programs.of(arch);
        byte[] original = Files.readAllBytes(b.noPie());
        assertThat(ElfFile.parse(b.noPie(), original).header().type()).isEqualTo(dev.nativepack.elf.ElfHeader.ET_EXEC);
        EditResult spare = ElfEditor.of(original, "no-pie").setRpath(LIBDIR).apply();
        String big = searchPath(70_000);
        EditResult append = ElfEditor.of(original, "no-pie").setRpath(big).apply();

        assertThat(spare.tierUsed()).isEqualTo(Tier.SPARE_SPACE);
        assertThat(append.tierUsed()).isEqualTo(Tier.APPEND);
        checkProgram(b, b.noPie(), spare, "no-pie-spare", LIBDIR, null);
        Path out = checkProgram(b, b.noPie(), append, "no-pie-append", big, null);
        checkNewSegment(arch, original, out);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void programHeadersMovedIntoTheNewSegment_keepTheFirstSegmentsAddressDelta(Arch arch) throws IOException {
        Build b = programs.of(arch);
        for (Path source : List.of(b.program(), b.noPie())) {
            byte[] original = Files.readAllBytes(source);
            EditResult r = ElfEditor.of(original, source.getFileName().toString()).phtInPadding(false)
                    .setRpath(searchPath(70_000)).apply();
            assertThat(r.changes()).anyMatch(c -> c.startsWith("program header table moved into the new segment"));
            Path out = checkProgram(b, source, r, "pht-moved-" + source.getFileName(), searchPath(70_000), null);
            checkNewSegment(arch, original, out);

            // Kernels before 5.18 put AT_PHDR at (first PT_LOAD's p_vaddr - p_offset) + e_phoff.
            ElfFile edited = ElfFile.open(out);
            List<ProgramHeader> loads = edited.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList();
            ProgramHeader first = loads.get(0);
            ProgramHeader added = loads.get(loads.size() - 1);
            ProgramHeader phdr = edited.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_PHDR)
                    .findFirst().orElseThrow();
            assertThat(phdr.offset()).isEqualTo(edited.header().phoff());
            assertThat(phdr.vaddr()).isEqualTo(first.vaddr() - first.offset() + edited.header().phoff());
            assertThat(added.vaddr() - added.offset()).isEqualTo(first.vaddr() - first.offset());
            List<ProgramHeader> before = ElfFile.parse(source, original).programHeaders();
            assertThat(edited.programHeaders().indexOf(phdr)).as("PT_PHDR stays where it was, before every PT_LOAD")
                    .isEqualTo(before.indexOf(before.stream().filter(p -> p.type() == ProgramHeader.PT_PHDR).findFirst().orElseThrow()))
                    .isLessThan(edited.programHeaders().indexOf(first));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "PPC"})
    void anUnusedProgramHeader_becomesTheNewSegment(Arch arch) throws IOException {
        Build b = programs.of(arch);
        byte[] original = Files.readAllBytes(b.program());
        RawElf raw = RawElf.read("prog", original);
        int note = -1;
        for (int i = 0; i < raw.phdrs.size(); i++) {
            if (raw.phdrs.get(i).type() == ProgramHeader.PT_NOTE) {
                note = i;
            }
        }
        Bytes withNull = new Bytes(original.clone(), raw.header.byteOrder(), raw.is64);
        withNull.put32(raw.header.phoff() + (long) note * raw.header.phentsize(), ProgramHeader.PT_NULL);
        Path source = Oracles.write(b.dir().resolve("prog-pt-null"), withNull.toArray());
        String big = searchPath(70_000);
        EditResult r = ElfEditor.of(withNull.toArray(), "prog-pt-null").setRpath(big).apply();

        assertThat(r.changes()).contains("an unused PT_NULL program header became the new PT_LOAD");
        ElfFile edited = ElfFile.parse(source, r.bytes());
        assertThat(edited.header().phoff()).isEqualTo(raw.header.phoff());
        assertThat(edited.programHeaders()).hasSameSizeAs(raw.phdrs);
        Path out = checkProgram(b, source, r, "pt-null", big, null);
        checkNewSegment(arch, withNull.toArray(), out);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "S390X"})
    void bothSearchPaths_leaveOnlyTheOneThatWasSet(Arch arch) throws IOException {
        // Old linkers wrote DT_RPATH and DT_RUNPATH together; turn DT_DEBUG into a DT_RPATH to get one.
        Build b = programs.of(arch);
        byte[] original = Files.readAllBytes(b.withRunpath());
        RawElf raw = RawElf.read("prog-runpath", original);
        RawElf.DynEntry runpath = raw.entries.stream().filter(e -> e.tag() == dev.nativepack.elf.DynamicTag.DT_RUNPATH)
                .findFirst().orElseThrow();
        RawElf.DynEntry debug = raw.entries.stream().filter(e -> e.tag() == 21).findFirst().orElseThrow();
        Bytes both = new Bytes(original.clone(), raw.header.byteOrder(), raw.is64);
        long at = raw.dynamicHeader().offset() + (long) debug.slot() * raw.dynEntrySize;
        both.putWord(at, dev.nativepack.elf.DynamicTag.DT_RPATH);
        both.putWord(at + raw.dynEntrySize / 2, runpath.value());
        Path source = Oracles.write(b.dir().resolve("prog-both"), both.toArray());
        assertThat(Oracles.readelfDynamic(source).rpath()).isEqualTo(Programs.PLACEHOLDER);
        assertThat(Oracles.readelfDynamic(source).runpath()).isEqualTo(Programs.PLACEHOLDER);

        EditResult rpath = ElfEditor.of(both.toArray(), "prog-both").setRpath(LIBDIR).apply();
        assertThat(rpath.changes()).anyMatch(c -> c.startsWith("DT_RUNPATH") && c.contains("removed"));
        checkProgram(b, source, rpath, "both-to-rpath", LIBDIR, null);
        EditResult runpathOnly = ElfEditor.of(both.toArray(), "prog-both").setRunpath(LIBDIR).apply();
        assertThat(runpathOnly.changes()).anyMatch(c -> c.startsWith("DT_RPATH") && c.contains("removed"));
        checkProgram(b, source, runpathOnly, "both-to-runpath", null, LIBDIR);
    }

    // ---- The 32-bit i386 library (built without a C library, so never run).

    @ParameterizedTest
    @EnumSource(Tier.class)
    void i386Library_everyTier(Tier tier) throws IOException {
        Build b = programs.of(Arch.I386);
        byte[] original = Files.readAllBytes(b.library());
        String value = tier == Tier.IN_PLACE ? "$ORIGIN" : tier == Tier.SPARE_SPACE ? searchPath(300) : searchPath(20_000);
        ElfEditor editor = ElfEditor.of(original, "i386 library").setRpath(value).setSoname("libfix.so.2");
        EditResult r = editor.apply();

        // A new tag always takes a spare slot, so the lowest tier here is SPARE_SPACE.
        assertThat(r.tierUsed()).isEqualTo(tier == Tier.APPEND ? Tier.APPEND : Tier.SPARE_SPACE);
        Path out = Oracles.write(b.dir().resolve("i386-" + tier + ".so"), r.bytes());
        assertThat(Oracles.readelfDynamic(out)).isEqualTo(new Oracles.Dynamic(List.of(), "libfix.so.2", value, null));
        assertThat(Oracles.newElflintMessages(b.library(), out, false, true)).isEmpty();
        assertThat(Oracles.newElflintMessages(b.library(), out, true, true)).isEmpty();
        assertThat(Oracles.readelf(out, "-V")).contains("Flags: BASE  Index: 1  Cnt: 1  Name: libfix.so.2");
    }

    // ---- Checks.

    /**
     * Writes the edited program beside the original and checks it with every oracle: the parser,
     * readelf -dW, eu-elflint (plain and strict) against the original, running it, ld.so --list.
     */
    static Path checkProgram(Build b, Path original, EditResult r, String label, String rpath, String runpath)
            throws IOException {
        Path out = Oracles.write(b.dir().resolve("edited-" + label), r.bytes());
        DynamicSection d = ElfFile.parse(out, r.bytes()).dynamic();
        assertThat(d.rpath()).isEqualTo(rpath);
        assertThat(d.runpath()).isEqualTo(runpath);
        assertThat(d.needed()).contains(Programs.SONAME);
        assertThat(Oracles.readelfDynamic(out)).isEqualTo(new Oracles.Dynamic(d.needed(), null, rpath, runpath));
        assertThat(r.bytesAdded()).isEqualTo(r.bytes().length - Files.size(original));
        if (r.tierUsed() != Tier.APPEND) {
            assertThat(r.bytesAdded()).isZero();
        }

        boolean rpathAdded = rpath != null && ElfFile.open(original).dynamic().rpath() == null;
        assertThat(Oracles.newElflintMessages(original, out, false, rpathAdded)).as("eu-elflint --gnu-ld").isEmpty();
        assertThat(Oracles.newElflintMessages(original, out, true, rpathAdded)).as("eu-elflint --gnu-ld --strict").isEmpty();

        assertThat(Oracles.run(b.arch(), out, Map.of())).isEqualTo(Programs.OUTPUT);
        assertThat(Oracles.loaderList(b.arch(), out))
                .containsEntry(Programs.SONAME, b.libdir().resolve(Programs.SONAME).toString());
        return out;
    }

    /** The new PT_LOAD: last, read-only unless it holds .dynamic, and aligned for the largest page. */
    static void checkNewSegment(Arch arch, byte[] original, Path out) throws IOException {
        ElfFile before = ElfFile.parse(Path.of("before"), original);
        ElfFile after = ElfFile.open(out);
        List<ProgramHeader> loads = after.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList();
        long loadsBefore = before.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).count();
        assertThat(loads).hasSize((int) loadsBefore + 1);
        ProgramHeader added = loads.get(loads.size() - 1);
        long page = arch == Arch.AARCH64 || arch == Arch.PPC ? 0x10000 : 0x1000;
        assertThat(added.align()).isGreaterThanOrEqualTo(page);
        assertThat(Math.floorMod(added.vaddr() - added.offset(), added.align())).isZero();
        assertThat(added.offset() + added.filesz()).isEqualTo(after.size());
        // readelf agrees on the segments and has nothing to warn about.
        String segments = Oracles.readelf(out, "-l");
        assertThat(segments).contains(String.format("0x%06x", added.offset()));
    }
}
