package dev.nativepack.elf.strip;

import dev.nativepack.elf.SectionHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the stripped file (research/elf.md §5.4): every byte up to the end of the loaded image
 * is copied unchanged, the non-loaded sections that stay are packed after it, then a new section
 * name table and section header table. Only e_shoff, e_shnum and e_shstrndx change in the ELF
 * header.
 */
final class StrippedFileWriter {
    static final String NAMES = ".shstrtab";
    static final String DEBUG_LINK = ".gnu_debuglink";

    private enum Kind { ORIGINAL, PLACEHOLDER, NAMES, DEBUG_LINK }

    /** One output section header: an input section, an empty slot, the new name table or the debug link. */
    private record Entry(Kind kind, SectionHeader original) {
        String name() {
            switch (kind) {
                case ORIGINAL: return original.name();
                case NAMES: return original != null && !original.name().isEmpty() ? original.name() : NAMES;
                case DEBUG_LINK: return DEBUG_LINK;
                default: return "";
            }
        }
    }

    private final InputLayout in;
    private final StripSelection selection;
    private final byte[] debugLink;
    private final List<Entry> entries = new ArrayList<>();
    private final int[] newIndex;

    private StrippedFileWriter(InputLayout in, StripSelection selection, byte[] debugLink) {
        this.in = in;
        this.selection = selection;
        this.debugLink = debugLink;
        this.newIndex = new int[in.sections.size()];
    }

    /** @param debugLink the contents of a .gnu_debuglink section to add, or null */
    static byte[] write(InputLayout in, StripSelection selection, byte[] debugLink) {
        return new StrippedFileWriter(in, selection, debugLink).write();
    }

    private byte[] write() {
        planEntries();
        List<String> allNames = new ArrayList<>();
        for (Entry e : entries) {
            allNames.add(e.name());
        }
        StringTable names = StringTable.of(allNames);
        long[] nameOffsets = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            nameOffsets[i] = names.offsetOf(entries.get(i).name());
        }
        byte[] nameBytes = names.toByteArray();

        long fixedEnd = fixedEnd();
        ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 8, fixedEnd + 4096), in.is64, in.header.byteOrder());
        out.append(in.bytes, 0, fixedEnd);

        int namesIndex = indexOf(Kind.NAMES);
        List<SectionHeader> table = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            SectionHeader s = e.original();
            switch (e.kind()) {
                case PLACEHOLDER:
                    table.add(new SectionHeader(i, "", 0, 0, 0, 0, 0, 0, 0, 0, 0));
                    break;
                case NAMES:
                    table.add(new SectionHeader(i, e.name(), SectionHeader.SHT_STRTAB, s == null ? 0 : s.flags(), 0,
                            out.size(), nameBytes.length, 0, 0, 1, 0));
                    out.append(nameBytes, 0, nameBytes.length);
                    break;
                case DEBUG_LINK:
                    out.align(4);
                    table.add(new SectionHeader(i, DEBUG_LINK, SectionHeader.SHT_PROGBITS, 0, 0, out.size(),
                            debugLink.length, 0, 0, 4, 0));
                    out.append(debugLink, 0, debugLink.length);
                    break;
                default:
                    table.add(i == 0 ? ElfFields.sectionZero(s, entries.size(), namesIndex) : place(s, i, fixedEnd, out));
            }
        }
        out.align(in.is64 ? 8 : 4);
        long shoff = out.size();
        for (int i = 0; i < table.size(); i++) {
            ElfFields.writeSectionHeader(out, table.get(i), nameOffsets[i]);
        }
        ElfFields.patchElfHeader(out, shoff, table.size(), namesIndex);
        return out.toByteArray();
    }

    private void planEntries() {
        List<SectionHeader> sections = in.sections;
        int namesIndex = in.namesIndex();
        entries.add(new Entry(Kind.ORIGINAL, sections.get(0)));
        boolean hasNames = false;
        for (int i = 1; i < sections.size(); i++) {
            SectionHeader s = sections.get(i);
            if (i == namesIndex && !ElfFields.isAlloc(s)) {
                entries.add(new Entry(Kind.NAMES, s));
                hasNames = true;
            } else if (selection.isPlaceholder(i)) {
                entries.add(new Entry(Kind.PLACEHOLDER, s));
            } else if (!selection.isRemoved(i)) {
                entries.add(new Entry(Kind.ORIGINAL, s));
            }
        }
        if (!hasNames) {
            entries.add(new Entry(Kind.NAMES, null));
        }
        if (debugLink != null) {
            // As objcopy --add-gnu-debuglink: just before the name table when that comes last.
            Entry last = entries.get(entries.size() - 1);
            entries.add(last.kind() == Kind.NAMES ? entries.size() - 1 : entries.size(), new Entry(Kind.DEBUG_LINK, null));
        }
        Arrays.fill(newIndex, -1);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if ((e.kind() == Kind.ORIGINAL || e.kind() == Kind.NAMES) && e.original() != null) {
                newIndex[e.original().index()] = i;
            }
        }
    }

    private int indexOf(Kind kind) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).kind() == kind) {
                return i;
            }
        }
        throw new IllegalStateException("no " + kind + " entry");
    }

    /**
     * The end of what stays in place: the loaded image, extended by any kept section that starts
     * inside it (they keep their offsets).
     */
    private long fixedEnd() {
        List<SectionHeader> kept = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind() == Kind.ORIGINAL && e.original().index() != 0 && !ElfFields.isAlloc(e.original())
                    && ElfFields.hasFileBytes(e.original())) {
                kept.add(e.original());
            }
        }
        kept.sort(Comparator.comparingLong(SectionHeader::offset));
        long end = in.loadedEnd;
        for (SectionHeader s : kept) {
            if (s.offset() < end) {
                end = Math.max(end, s.offset() + s.size());
            }
        }
        return end;
    }

    private SectionHeader place(SectionHeader s, int index, long fixedEnd, ByteSink out) {
        long offset = s.offset();
        boolean stays = ElfFields.isAlloc(s) || (ElfFields.hasFileBytes(s) && s.offset() < fixedEnd);
        if (!stays) {
            out.align(in.placementAlignment(s));
            offset = out.size();
            if (ElfFields.hasFileBytes(s)) {
                out.append(in.bytes, s.offset(), s.size());
            }
        }
        long link = remap(s, s.link(), "sh_link");
        long info = ElfFields.infoIsIndex(s) ? remap(s, s.info(), "sh_info") : s.info();
        return new SectionHeader(index, s.name(), s.type(), s.flags(), s.addr(), offset, s.size(), link, info,
                s.addralign(), s.entsize());
    }

    /** A section index in the output; 0 when the section it named was removed. */
    private long remap(SectionHeader s, long index, String field) {
        if (index == 0) {
            return 0;
        }
        if (index < 0 || index >= newIndex.length) {
            throw in.error(s, field, "section index " + index + " is not below the section count " + newIndex.length);
        }
        int mapped = newIndex[(int) index];
        return mapped < 0 ? 0 : mapped;
    }
}
