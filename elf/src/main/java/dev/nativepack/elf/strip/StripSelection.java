package dev.nativepack.elf.strip;

import dev.nativepack.elf.SectionHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sections {@code strip --strip-all} (binutils 2.40) removes from an executable or shared
 * library: the symbol table with its string table and extended-index table, the debugging
 * sections BFD recognises by name, and relocation sections for any of them. Everything else stays,
 * notably .comment, .gnu_debuglink, .gnu_debugdata, .gnu_debugaltlink and non-loaded notes
 * (research/elf.md §5.1). Loaded (SHF_ALLOC) sections are never removed.
 */
final class StripSelection {
    private final List<SectionHeader> sections;
    private final boolean[] removed;
    private final boolean[] placeholder;
    private final boolean[] replaced;

    private StripSelection(List<SectionHeader> sections, boolean[] removed, boolean[] placeholder,
                           boolean[] replaced) {
        this.sections = sections;
        this.removed = removed;
        this.placeholder = placeholder;
        this.replaced = replaced;
    }

    /**
     * BFD's test for a debugging section (bfd/elf.c, _bfd_elf_make_section_from_shdr), which
     * strip removes when the section is not loaded.
     */
    static boolean isDebugSection(String name) {
        return name.startsWith(".debug") || name.startsWith(".zdebug") || name.startsWith(".gnu.debuglto_.debug_")
                || name.startsWith(".gnu.linkonce.wi.") || name.startsWith(".line") || name.startsWith(".stab")
                || name.equals(".gdb_index");
    }

    /**
     * @param replaceDebugLink whether an existing .gnu_debuglink goes too (a new one will name the
     *                         new debug file); it is not counted as removed
     */
    static StripSelection of(List<SectionHeader> sections, int namesIndex, boolean replaceDebugLink) {
        int n = sections.size();
        boolean[] removed = new boolean[n];
        boolean[] symbolTable = new boolean[n];
        for (int i = 1; i < n; i++) {
            SectionHeader s = sections.get(i);
            if (i == namesIndex || ElfFields.isAlloc(s)) {
                continue;
            }
            if (s.type() == SectionHeader.SHT_SYMTAB || s.type() == ElfFields.SHT_SYMTAB_SHNDX) {
                removed[i] = true;
                symbolTable[i] = s.type() == SectionHeader.SHT_SYMTAB;
            } else if (isDebugSection(s.name())) {
                removed[i] = true;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 1; i < n; i++) {
                SectionHeader s = sections.get(i);
                if (removed[i] || i == namesIndex || ElfFields.isAlloc(s)) {
                    continue;
                }
                boolean relocationOfRemoved = (s.type() == ElfFields.SHT_REL || s.type() == ElfFields.SHT_RELA)
                        && (isRemoved(removed, s.info()) || isRemoved(symbolTable, s.link()));
                if (relocationOfRemoved || (s.type() == SectionHeader.SHT_STRTAB && onlyRemovedSymbolTablesUse(sections, removed, symbolTable, i))) {
                    removed[i] = true;
                    changed = true;
                }
            }
        }
        boolean[] replaced = new boolean[n];
        if (replaceDebugLink) {
            for (int i = 1; i < n; i++) {
                SectionHeader s = sections.get(i);
                if (!removed[i] && i != namesIndex && !ElfFields.isAlloc(s) && s.name().equals(".gnu_debuglink")) {
                    removed[i] = true;
                    replaced[i] = true;
                }
            }
        }
        // Section indices below the last loaded section stay put: .dynsym's st_shndx refers to them.
        int lastLoaded = 0;
        for (int i = 1; i < n; i++) {
            if (ElfFields.isAlloc(sections.get(i))) {
                lastLoaded = i;
            }
        }
        boolean[] placeholder = new boolean[n];
        for (int i = 1; i < lastLoaded; i++) {
            placeholder[i] = removed[i];
        }
        return new StripSelection(sections, removed, placeholder, replaced);
    }

    private static boolean isRemoved(boolean[] set, long index) {
        return index > 0 && index < set.length && set[(int) index];
    }

    /** A string table that some removed symbol table uses and that no kept section refers to. */
    private static boolean onlyRemovedSymbolTablesUse(List<SectionHeader> sections, boolean[] removed,
                                                      boolean[] symbolTable, int strtab) {
        boolean usedByRemoved = false;
        for (int j = 1; j < sections.size(); j++) {
            if (sections.get(j).link() != strtab) {
                continue;
            }
            if (!removed[j]) {
                return false;
            }
            usedByRemoved |= symbolTable[j];
        }
        return usedByRemoved;
    }

    boolean isRemoved(int index) {
        return removed[index];
    }

    /** A removed section whose slot is kept as an SHT_NULL header so later indices do not move. */
    boolean isPlaceholder(int index) {
        return placeholder[index];
    }

    /** Whether anything is stripped (a replaced .gnu_debuglink alone does not count). */
    boolean removesAnything() {
        return !removedNames().isEmpty();
    }

    /** The removed sections' names, without a replaced .gnu_debuglink. */
    List<String> removedNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < removed.length; i++) {
            if (removed[i] && !replaced[i]) {
                names.add(sections.get(i).name());
            }
        }
        return names;
    }
}
