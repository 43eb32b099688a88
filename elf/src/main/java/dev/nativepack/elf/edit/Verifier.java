package dev.nativepack.elf.edit;

import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.DynamicTag;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import dev.nativepack.elf.VersionDefinition;
import dev.nativepack.elf.VersionNeed;
import dev.nativepack.elf.edit.ElfEditException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an edited file back and checks that it says what was asked and nothing else changed:
 * the dynamic section's strings and tags, every dynamic symbol, the version requirements and
 * definitions, a sane segment layout, consistent section headers, and no modified byte outside
 * the ranges the edit owns.
 */
final class Verifier {
    /** What the edited file must say; {@code entries} holds {tag, value, original slot} per dynamic entry. */
    record Expectation(List<String> needed, String soname, String rpath, String runpath, Map<String, String> renames,
                       String oldSoname, String newSoname, List<long[]> entries) {
    }

    /** Tags whose value the edit may change because the table it points to moved or grew. */
    private static final Set<Long> RELOCATED = Set.of(DynamicTag.DT_STRTAB, DynamicTag.DT_STRSZ, DynamicTag.DT_VERSYM,
            DynamicTag.DT_VERNEED, DynamicTag.DT_VERDEF, DynamicTag.DT_SYMTAB);

    private Verifier() {
    }

    static void verify(RawElf before, byte[] result, Expectation expected, List<long[]> owned) {
        RawElf after;
        try {
            after = RawElf.read(before.name, result);
        } catch (ElfEditException e) {
            throw fail(before, "the edited file does not read back: " + e.detail(), e);
        }
        DynamicSection d = after.dynamic;
        DynamicSection o = before.dynamic;
        same(before, "DT_NEEDED", expected.needed(), d.needed());
        same(before, "DT_SONAME", expected.soname(), d.soname());
        same(before, "DT_RPATH", expected.rpath(), d.rpath());
        same(before, "DT_RUNPATH", expected.runpath(), d.runpath());
        same(before, "DT_FLAGS", o.flags(), d.flags());
        same(before, "DT_FLAGS_1", o.flags1(), d.flags1());
        same(before, "DT_AUXILIARY", o.auxiliary(), d.auxiliary());
        same(before, "DT_FILTER", o.filters(), d.filters());
        same(before, "PT_INTERP", before.elf.interpreter(), after.elf.interpreter());

        // The dynamic array, entry by entry.
        List<long[]> want = expected.entries();
        if (after.entries.size() != want.size()) {
            throw fail(before, "the dynamic section has " + after.entries.size() + " entries, expected " + want.size(), null);
        }
        for (int i = 0; i < want.size(); i++) {
            long[] w = want.get(i);
            RawElf.DynEntry e = after.entries.get(i);
            if (e.tag() != w[0]) {
                throw fail(before, "dynamic entry " + i + " has tag 0x" + Long.toHexString(e.tag()) + ", expected 0x"
                        + Long.toHexString(w[0]), null);
            }
            boolean stringTag = RawElf.STRING_TAGS.contains(e.tag());
            if (!stringTag && !RELOCATED.contains(e.tag()) && e.value() != w[1]) {
                throw fail(before, "dynamic entry " + i + " (tag 0x" + Long.toHexString(e.tag()) + ") changed value", null);
            }
            if (w[2] >= 0 && stringTag && e.tag() != DynamicTag.DT_RPATH && e.tag() != DynamicTag.DT_RUNPATH
                    && e.tag() != DynamicTag.DT_NEEDED && e.tag() != DynamicTag.DT_SONAME) {
                same(before, "dynamic entry " + i, before.stringOfSlot((int) w[2]), after.stringOfSlot(i));
            }
        }
        if (after.dynCapacity < after.entries.size() + 1) {
            throw fail(before, "the dynamic section lost its DT_NULL terminator", null);
        }

        // Symbols and versions.
        if (!after.symbols.equals(before.symbols)) {
            throw fail(before, "the dynamic symbol table reads differently after the edit", null);
        }
        List<VersionNeed> needs = new ArrayList<>();
        for (VersionNeed n : before.needs) {
            needs.add(new VersionNeed(expected.renames().getOrDefault(n.library(), n.library()), n.versions()));
        }
        same(before, "version requirements (.gnu.version_r)", needs, after.needs);
        List<VersionDefinition> defs = new ArrayList<>();
        for (VersionDefinition v : before.definitions) {
            if (v.isBase() && expected.newSoname() != null && v.name().equals(expected.oldSoname())) {
                String name = expected.newSoname();
                defs.add(new VersionDefinition(v.index(), v.flags(), EditEngine.elfHash(name.getBytes(StandardCharsets.UTF_8)),
                        name, v.parents()));
            } else {
                defs.add(v);
            }
        }
        same(before, "version definitions (.gnu.version_d)", defs, after.definitions);

        checkSegments(before, after);
        checkSections(before, after);
        checkOwnership(before, result, owned);
    }

    private static void checkSegments(RawElf before, RawElf after) {
        List<ProgramHeader> loads = new ArrayList<>();
        long size = after.bytes.length();
        for (ProgramHeader p : after.phdrs) {
            if (p.filesz() > 0 && (p.offset() < 0 || p.offset() + p.filesz() > size)) {
                throw fail(before, p.typeName() + " segment runs past the end of the file", null);
            }
            if (p.type() == ProgramHeader.PT_LOAD) {
                if (p.align() > 1 && Math.floorMod(p.vaddr() - p.offset(), p.align()) != 0) {
                    throw fail(before, "PT_LOAD at 0x" + Long.toHexString(p.offset()) + ": address and offset are not congruent modulo its alignment", null);
                }
                if (p.filesz() > p.memsz()) {
                    throw fail(before, "PT_LOAD with p_filesz above p_memsz", null);
                }
                loads.add(p);
            }
        }
        for (int i = 1; i < loads.size(); i++) {
            ProgramHeader a = loads.get(i - 1);
            ProgramHeader b = loads.get(i);
            if (b.vaddr() < a.vaddr() + a.memsz()) {
                throw fail(before, "PT_LOAD segments overlap or are out of address order", null);
            }
        }
        // Every original segment is still there: unchanged, or a read-only PT_LOAD that grew.
        for (ProgramHeader p : before.phdrs) {
            if (p.type() == ProgramHeader.PT_NULL || p.type() == ProgramHeader.PT_PHDR || p.type() == ProgramHeader.PT_DYNAMIC) {
                continue;
            }
            boolean found = false;
            for (ProgramHeader q : after.phdrs) {
                if (q.equals(p) || (p.type() == ProgramHeader.PT_LOAD && q.type() == p.type() && q.offset() == p.offset()
                        && q.vaddr() == p.vaddr() && q.flags() == p.flags() && q.align() == p.align()
                        && (p.flags() & ProgramHeader.PF_W) == 0 && p.filesz() == p.memsz()
                        && q.filesz() == q.memsz() && q.filesz() >= p.filesz())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw fail(before, "the " + p.typeName() + " segment at offset 0x" + Long.toHexString(p.offset()) + " changed", null);
            }
        }
        long phoff = after.header.phoff();
        long phsize = (long) after.header.phnum() * after.header.phentsize();
        for (ProgramHeader p : after.phdrs) {
            if (p.type() == ProgramHeader.PT_PHDR) {
                if (p.offset() != phoff || p.filesz() != phsize || !inLoad(loads, p.offset(), p.vaddr(), p.filesz())) {
                    throw fail(before, "PT_PHDR does not describe the program header table inside a loaded segment", null);
                }
            }
        }
        if (inLoad(before.phdrs.stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList(),
                before.header.phoff(), -1, (long) before.header.phnum() * before.header.phentsize())
                && !inLoad(loads, phoff, -1, phsize)) {
            throw fail(before, "the program header table is no longer inside a loaded segment", null);
        }
        ProgramHeader dyn = after.dynamicHeader();
        if (!inLoad(loads, dyn.offset(), dyn.vaddr(), dyn.filesz())) {
            throw fail(before, "PT_DYNAMIC is not inside a loaded segment", null);
        }
        if (!inLoad(loads, after.strOff, after.strVaddr, after.strSize)) {
            throw fail(before, ".dynstr is not inside a loaded segment", null);
        }
    }

    /** Whether the file range lies in one PT_LOAD's file-backed part (and at {@code vaddr}, unless it is -1). */
    private static boolean inLoad(List<ProgramHeader> loads, long offset, long vaddr, long size) {
        for (ProgramHeader p : loads) {
            if (offset >= p.offset() && offset + size <= p.offset() + p.filesz()
                    && (vaddr == -1 || vaddr - p.vaddr() == offset - p.offset())) {
                return true;
            }
        }
        return false;
    }

    private static void checkSections(RawElf before, RawElf after) {
        if (before.sections.size() != after.sections.size()) {
            throw fail(before, "the number of section headers changed", null);
        }
        for (int i = 0; i < before.sections.size(); i++) {
            SectionHeader a = before.sections.get(i);
            SectionHeader b = after.sections.get(i);
            if (!a.name().equals(b.name()) || a.type() != b.type() || a.flags() != b.flags() || a.link() != b.link()
                    || a.info() != b.info() || a.entsize() != b.entsize()) {
                throw fail(before, "section header " + i + " (" + a.name() + ") changed more than its place", null);
            }
        }
        if (before.dynstrSection >= 0) {
            SectionHeader s = after.sections.get(before.dynstrSection);
            if (s.offset() != after.strOff || s.addr() != after.strVaddr || s.size() != after.strSize) {
                throw fail(before, "the .dynstr section header does not match DT_STRTAB/DT_STRSZ", null);
            }
        }
        if (before.dynamicSection >= 0) {
            SectionHeader s = after.sections.get(before.dynamicSection);
            ProgramHeader dyn = after.dynamicHeader();
            if (s.offset() != dyn.offset() || s.addr() != dyn.vaddr()) {
                throw fail(before, "the .dynamic section header does not match PT_DYNAMIC", null);
            }
        }
        for (RawElf.Table t : after.tables) {
            if (t.section() < 0 && !after.sections.isEmpty()) {
                throw fail(before, "no section header describes " + t.name() + " after the edit", null);
            }
        }
        // Allocated sections stay inside loaded segments.
        List<ProgramHeader> loads = after.phdrs.stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList();
        for (SectionHeader s : after.sections) {
            if ((s.flags() & SectionHeader.SHF_ALLOC) != 0 && s.type() != SectionHeader.SHT_NOBITS && s.size() > 0
                    && !inLoad(loads, s.offset(), s.addr(), s.size())
                    && inLoad(before.phdrs.stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList(),
                            before.sections.get(s.index()).offset(), before.sections.get(s.index()).addr(),
                            before.sections.get(s.index()).size())) {
                throw fail(before, "section " + s.name() + " is no longer inside a loaded segment", null);
            }
        }
    }

    private static void checkOwnership(RawElf before, byte[] result, List<long[]> owned) {
        byte[] original = before.bytes.toArray();
        List<long[]> ranges = new ArrayList<>(owned);
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        int at = 0;
        int n = original.length;
        while (at < n) {
            int mismatch = Arrays.mismatch(original, at, n, result, at, n);
            if (mismatch < 0) {
                return;
            }
            int pos = at + mismatch;
            long[] cover = null;
            for (long[] r : ranges) {
                if (pos >= r[0] && pos < r[0] + r[1]) {
                    cover = r;
                    break;
                }
            }
            if (cover == null) {
                throw fail(before, "byte at offset 0x" + Integer.toHexString(pos) + " changed outside the structures being edited", null);
            }
            at = (int) Math.min(n, cover[0] + cover[1]);
        }
    }

    private static void same(RawElf before, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw fail(before, what + " reads " + actual + " after the edit, expected " + expected, null);
        }
    }

    private static ElfEditException fail(RawElf before, String detail, Throwable cause) {
        return new ElfEditException(before.name, Reason.VERIFICATION_FAILED, detail, cause);
    }
}
