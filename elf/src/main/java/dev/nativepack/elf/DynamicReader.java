package dev.nativepack.elf;

import java.util.ArrayList;
import java.util.List;

/** Reads the dynamic array from PT_DYNAMIC and decodes the tags the loader uses. */
final class DynamicReader {
    private DynamicReader() {
    }

    static DynamicLayout layout(ElfInput in, ElfHeader h, AddressMap addresses) {
        ProgramHeader seg = addresses.dynamicSegment();
        if (seg == null) {
            return DynamicLayout.NONE;
        }
        boolean is64 = h.is64();
        int entrySize = is64 ? 16 : 8;
        in.require(seg.offset(), seg.filesz(), "PT_DYNAMIC");
        long count = seg.filesz() / entrySize;
        List<long[]> entries = new ArrayList<>();
        int spare = 0;
        boolean terminated = false;
        long strtab = -1, strsz = -1, symtab = -1, syment = 0, hash = -1, gnuHash = -1, versym = -1;
        long verneed = -1, verneednum = 0, verdef = -1, verdefnum = 0;
        for (long i = 0; i < count; i++) {
            long o = seg.offset() + i * entrySize;
            long tag = is64 ? in.u64(o, "d_tag") : in.s32(o, "d_tag");
            long value = in.word(o + entrySize / 2, is64, "d_val");
            if (terminated) {
                if (tag == DynamicTag.DT_NULL) {
                    spare++;
                    continue;
                }
                break;
            }
            if (tag == DynamicTag.DT_NULL) {
                terminated = true;
                continue;
            }
            entries.add(new long[] {tag, value, o});
            if (tag == DynamicTag.DT_STRTAB) strtab = value;
            else if (tag == DynamicTag.DT_STRSZ) strsz = value;
            else if (tag == DynamicTag.DT_SYMTAB) symtab = value;
            else if (tag == DynamicTag.DT_SYMENT) syment = value;
            else if (tag == DynamicTag.DT_HASH) hash = value;
            else if (tag == DynamicTag.DT_GNU_HASH) gnuHash = value;
            else if (tag == DynamicTag.DT_VERSYM) versym = value;
            else if (tag == DynamicTag.DT_VERNEED) verneed = value;
            else if (tag == DynamicTag.DT_VERNEEDNUM) verneednum = value;
            else if (tag == DynamicTag.DT_VERDEF) verdef = value;
            else if (tag == DynamicTag.DT_VERDEFNUM) verdefnum = value;
        }
        long strOff = -1, strEnd = -1;
        if (strtab != -1) {
            strOff = addresses.toOffset(strtab, "DT_STRTAB");
            if (strsz < 0 || !in.contains(strOff, strsz)) {
                // A missing or oversized DT_STRSZ is bounded by the end of the file.
                strEnd = in.size();
            } else {
                strEnd = strOff + strsz;
            }
        }
        return new DynamicLayout(List.copyOf(entries), spare, strOff, strEnd,
                symtab == -1 ? -1 : addresses.toOffset(symtab, "DT_SYMTAB"),
                syment == 0 ? (is64 ? 24 : 16) : syment,
                hash == -1 ? -1 : addresses.toOffset(hash, "DT_HASH"),
                gnuHash == -1 ? -1 : addresses.toOffset(gnuHash, "DT_GNU_HASH"),
                versym == -1 ? -1 : addresses.toOffset(versym, "DT_VERSYM"),
                verneed == -1 ? -1 : addresses.toOffset(verneed, "DT_VERNEED"), verneednum,
                verdef == -1 ? -1 : addresses.toOffset(verdef, "DT_VERDEF"), verdefnum);
    }

    static DynamicSection decode(ElfInput in, DynamicLayout layout) {
        if (layout == DynamicLayout.NONE) {
            return DynamicSection.EMPTY;
        }
        List<String> needed = new ArrayList<>();
        List<String> auxiliary = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        String soname = null, rpath = null, runpath = null;
        long flags = 0, flags1 = 0;
        boolean textrel = false, relr = false;
        for (long[] e : layout.entries()) {
            long tag = e[0];
            long value = e[1];
            if (tag == DynamicTag.DT_NEEDED) needed.add(layout.string(in, value, "DT_NEEDED"));
            else if (tag == DynamicTag.DT_SONAME) soname = layout.string(in, value, "DT_SONAME");
            // Repeated tags: the loader keeps the last one (get-dynamic-info.h fills info[tag] in order).
            else if (tag == DynamicTag.DT_RPATH) rpath = layout.string(in, value, "DT_RPATH");
            else if (tag == DynamicTag.DT_RUNPATH) runpath = layout.string(in, value, "DT_RUNPATH");
            else if (tag == DynamicTag.DT_FLAGS) flags = value;
            else if (tag == DynamicTag.DT_FLAGS_1) flags1 = value;
            else if (tag == DynamicTag.DT_TEXTREL) textrel = true;
            else if (tag == DynamicTag.DT_RELR) relr = true;
            else if (tag == DynamicTag.DT_AUXILIARY) auxiliary.add(layout.string(in, value, "DT_AUXILIARY"));
            else if (tag == DynamicTag.DT_FILTER) filters.add(layout.string(in, value, "DT_FILTER"));
        }
        textrel |= (flags & DynamicTag.DF_TEXTREL) != 0;
        return new DynamicSection(List.copyOf(needed), soname, rpath, runpath, flags, flags1, List.copyOf(auxiliary),
                List.copyOf(filters), textrel, relr, layout.spareNullEntries());
    }
}
