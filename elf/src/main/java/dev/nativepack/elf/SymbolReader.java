package dev.nativepack.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads symbol tables: .dynsym through the dynamic section, .symtab through the section headers. */
final class SymbolReader {
    private SymbolReader() {
    }

    static List<ElfSymbol> dynamicSymbols(ElfInput in, ElfHeader h, DynamicLayout layout, AddressMap addresses,
                                          Supplier<List<SectionHeader>> sections) {
        if (layout.symbolTable() < 0) {
            return List.of();
        }
        long count = dynamicSymbolCount(in, h, layout, sections);
        int[] versions = versionIndices(in, layout, count);
        return readSymbols(in, h, layout.symbolTable(), layout.symbolEntrySize(), count, versions,
                layout.stringTable(), layout.stringTableEnd(), ".dynsym");
    }

    /**
     * The names of the undefined dynamic symbols by the version index they are bound to (indices
     * above 1 only), read without building the whole symbol table: the version array first, then
     * only the undefined, versioned entries and their names.
     */
    static Map<Integer, List<String>> undefinedByVersion(ElfInput in, ElfHeader h, DynamicLayout layout,
                                                         Supplier<List<SectionHeader>> sections) {
        if (layout.symbolTable() < 0 || layout.versionSymbols() < 0) {
            return Map.of();
        }
        long count = dynamicSymbolCount(in, h, layout, sections);
        long entrySize = layout.symbolEntrySize();
        Map<Integer, List<String>> out = new HashMap<>();
        if (entrySize < (h.is64() ? 24 : 16) || count < 0 || count > in.size() / entrySize) {
            // Let the full reader report the damage with its own message.
            for (ElfSymbol s : dynamicSymbols(in, h, layout, null, sections)) {
                if (s.isUndefined() && s.versionIndex() > 1) {
                    out.computeIfAbsent(s.versionIndex(), k -> new ArrayList<>()).add(s.name());
                }
            }
            return out;
        }
        int[] versions = versionIndices(in, layout, count);
        for (int i = 1; i < count; i++) {
            int index = versions[i] & 0x7fff;
            if (index <= 1) {
                continue;
            }
            long o = layout.symbolTable() + i * entrySize;
            if (in.u16(o + (h.is64() ? 6 : 14), "st_shndx") != 0) {
                continue;
            }
            long name = in.u32(o, "st_name");
            out.computeIfAbsent(index, k -> new ArrayList<>()).add(name == 0 ? ""
                    : in.cString(layout.stringTable() + name, layout.stringTableEnd(), ".dynsym st_name"));
        }
        return out;
    }

    static List<ElfSymbol> symbolTable(ElfInput in, ElfHeader h, List<SectionHeader> sections) {
        for (SectionHeader s : sections) {
            if (s.type() == SectionHeader.SHT_SYMTAB) {
                if (s.link() <= 0 || s.link() >= sections.size()) {
                    throw in.error(".symtab sh_link", s.offset(), "string table index " + s.link() + " out of range");
                }
                SectionHeader strings = sections.get((int) s.link());
                in.require(strings.offset(), strings.size(), ".strtab");
                long entrySize = s.entsize() == 0 ? (h.is64() ? 24 : 16) : s.entsize();
                return readSymbols(in, h, s.offset(), entrySize, s.size() / entrySize, null,
                        strings.offset(), strings.offset() + strings.size(), ".symtab");
            }
        }
        return List.of();
    }

    private static final int EM_ALPHA = 0x9026;

    /**
     * The number of .dynsym entries: DT_HASH's nchain, else a walk of DT_GNU_HASH, else the section
     * size, else the distance to DT_STRTAB (linkers put .dynstr right after .dynsym).
     */
    static long dynamicSymbolCount(ElfInput in, ElfHeader h, DynamicLayout layout, Supplier<List<SectionHeader>> sections) {
        if (layout.hashTable() >= 0) {
            // ELF64 s390x and Alpha use 8-byte hash table entries (readelf and glibc agree).
            if (h.is64() && (h.machine() == ElfMachine.EM_S390 || h.machine() == EM_ALPHA)) {
                return in.u64(layout.hashTable() + 8, "DT_HASH nchain");
            }
            return in.u32(layout.hashTable() + 4, "DT_HASH nchain");
        }
        if (layout.gnuHashTable() >= 0) {
            long count = gnuHashSymbolCount(in, h, layout.gnuHashTable(), layout.symbolTable());
            if (count >= 0) {
                return count;
            }
        }
        for (SectionHeader s : sections.get()) {
            if (s.type() == SectionHeader.SHT_DYNSYM && s.entsize() > 0) {
                return s.size() / s.entsize();
            }
        }
        if (layout.stringTable() > layout.symbolTable() && layout.symbolEntrySize() > 0) {
            return (layout.stringTable() - layout.symbolTable()) / layout.symbolEntrySize();
        }
        throw in.error("DT_SYMTAB", layout.symbolTable(), "no DT_HASH, DT_GNU_HASH or .dynsym section gives the symbol count");
    }

    private static long gnuHashSymbolCount(ElfInput in, ElfHeader h, long table, long symbolTable) {
        long buckets = in.u32(table, "DT_GNU_HASH nbuckets");
        long symOffset = in.u32(table + 4, "DT_GNU_HASH symoffset");
        long bloomSize = in.u32(table + 8, "DT_GNU_HASH bloom_size");
        long bucketStart = table + 16 + bloomSize * (h.is64() ? 8 : 4);
        in.prefetch(bucketStart, buckets * 4, "DT_GNU_HASH buckets (nbuckets=" + buckets + ")");
        long last = 0;
        for (long i = 0; i < buckets; i++) {
            last = Math.max(last, in.u32(bucketStart + 4 * i, "DT_GNU_HASH bucket"));
        }
        if (last == 0) {
            // Nothing is hashed: symoffset is then a placeholder (GNU ld writes 1), not the count.
            return -1;
        }
        if (last < symOffset) {
            throw in.error("DT_GNU_HASH bucket", bucketStart, "bucket " + last + " is below symoffset " + symOffset);
        }
        long chains = bucketStart + 4 * buckets;
        // A table placed before .dynsym (as GNU ld does) cannot run into it; otherwise the file's end bounds the walk.
        long limit = symbolTable > table ? symbolTable : in.size();
        while (true) {
            long at = chains + 4 * (last - symOffset);
            if (at > limit - 4) {
                throw in.error("DT_GNU_HASH chain", at, "the last hash chain has no end marker");
            }
            long hash = in.u32(at, "DT_GNU_HASH chain");
            last++;
            if ((hash & 1) != 0) {
                return last;
            }
        }
    }

    private static int[] versionIndices(ElfInput in, DynamicLayout layout, long count) {
        if (layout.versionSymbols() < 0) {
            return null;
        }
        in.prefetch(layout.versionSymbols(), count * 2, "DT_VERSYM (" + count + " entries)");
        int[] out = new int[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = in.u16(layout.versionSymbols() + 2L * i, "DT_VERSYM entry");
        }
        return out;
    }

    private static List<ElfSymbol> readSymbols(ElfInput in, ElfHeader h, long offset, long entrySize, long count,
                                               int[] versions, long strings, long stringsEnd, String table) {
        boolean is64 = h.is64();
        long minimum = is64 ? 24 : 16;
        if (entrySize < minimum) {
            throw in.error(table + " entry size", offset, "symbol entry size " + entrySize + " is below " + minimum);
        }
        // Checked by division: count * entrySize can overflow to a small number and pass the bounds check.
        if (count < 0 || count > Integer.MAX_VALUE / 2 || count > in.size() / entrySize) {
            throw in.error(table, offset, "symbol count " + count + " is impossibly large");
        }
        in.prefetch(offset, count * entrySize, table + " (" + count + " symbols)");
        if (count > 64 && stringsEnd > strings) {
            // Names are looked up all over the string table: read it in one go.
            in.prefetch(strings, stringsEnd - strings, table + " string table");
        }
        List<ElfSymbol> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long o = offset + i * entrySize;
            long name, value, size;
            int info, other, shndx;
            if (is64) {
                name = in.u32(o, "st_name");
                info = in.u8(o + 4, "st_info");
                other = in.u8(o + 5, "st_other");
                shndx = in.u16(o + 6, "st_shndx");
                value = in.u64(o + 8, "st_value");
                size = in.u64(o + 16, "st_size");
            } else {
                name = in.u32(o, "st_name");
                value = in.u32(o + 4, "st_value");
                size = in.u32(o + 8, "st_size");
                info = in.u8(o + 12, "st_info");
                other = in.u8(o + 13, "st_other");
                shndx = in.u16(o + 14, "st_shndx");
            }
            String symbolName = name == 0 ? "" : in.cString(strings + name, stringsEnd, table + " st_name");
            int version = versions == null ? 1 : versions[i];
            out.add(new ElfSymbol(symbolName, value, size, info >> 4, info & 0xf, other & 0x3, shndx,
                    version & 0x7fff, (version & 0x8000) != 0));
        }
        return out;
    }
}
