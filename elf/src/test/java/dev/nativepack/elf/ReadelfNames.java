package dev.nativepack.elf;

import java.util.Map;

/**
 * The numbers behind the names readelf prints. Kept in the tests (not taken from the reader) so
 * a wrong constant in the reader cannot make a comparison pass; an unknown name fails loudly.
 */
final class ReadelfNames {
    private ReadelfNames() {
    }

    static final Map<String, Integer> MACHINES = Map.of("Advanced Micro Devices X86-64", 62, "AArch64", 183,
            "ARM", 40, "PowerPC", 20, "IBM S/390", 22, "Intel 80386", 3);

    static final Map<String, Integer> OS_ABIS = Map.of("UNIX - System V", 0, "UNIX - GNU", 3);

    static final Map<String, Integer> FILE_TYPES = Map.of("NONE", 0, "REL", 1, "EXEC", 2, "DYN", 3, "CORE", 4);

    static final Map<String, Long> SEGMENT_TYPES = Map.ofEntries(Map.entry("NULL", 0L), Map.entry("LOAD", 1L),
            Map.entry("DYNAMIC", 2L), Map.entry("INTERP", 3L), Map.entry("NOTE", 4L), Map.entry("SHLIB", 5L),
            Map.entry("PHDR", 6L), Map.entry("TLS", 7L), Map.entry("GNU_EH_FRAME", 0x6474e550L),
            Map.entry("GNU_STACK", 0x6474e551L), Map.entry("GNU_RELRO", 0x6474e552L),
            Map.entry("GNU_PROPERTY", 0x6474e553L), Map.entry("EXIDX", 0x70000001L));

    static final Map<String, Long> SECTION_TYPES = Map.ofEntries(Map.entry("NULL", 0L), Map.entry("PROGBITS", 1L),
            Map.entry("SYMTAB", 2L), Map.entry("STRTAB", 3L), Map.entry("RELA", 4L), Map.entry("HASH", 5L),
            Map.entry("DYNAMIC", 6L), Map.entry("NOTE", 7L), Map.entry("NOBITS", 8L), Map.entry("REL", 9L),
            Map.entry("DYNSYM", 11L), Map.entry("INIT_ARRAY", 14L), Map.entry("FINI_ARRAY", 15L),
            Map.entry("PREINIT_ARRAY", 16L), Map.entry("GROUP", 17L), Map.entry("RELR", 19L),
            Map.entry("GNU_ATTRIBUTES", 0x6ffffff5L), Map.entry("GNU_HASH", 0x6ffffff6L),
            Map.entry("VERDEF", 0x6ffffffdL), Map.entry("VERNEED", 0x6ffffffeL), Map.entry("VERSYM", 0x6fffffffL),
            Map.entry("ARM_EXIDX", 0x70000001L), Map.entry("ARM_ATTRIBUTES", 0x70000003L));

    /** Section flag letters of readelf -S with the SHF_ bits they stand for. */
    static final Map<Character, Long> SECTION_FLAGS = Map.ofEntries(Map.entry('W', 0x1L), Map.entry('A', 0x2L),
            Map.entry('X', 0x4L), Map.entry('M', 0x10L), Map.entry('S', 0x20L), Map.entry('I', 0x40L),
            Map.entry('L', 0x80L), Map.entry('O', 0x100L), Map.entry('G', 0x200L), Map.entry('T', 0x400L),
            Map.entry('C', 0x800L), Map.entry('R', 0x200000L), Map.entry('E', 0x80000000L));

    static final Map<String, Integer> SYMBOL_TYPES = Map.of("NOTYPE", 0, "OBJECT", 1, "FUNC", 2, "SECTION", 3,
            "FILE", 4, "COMMON", 5, "TLS", 6, "IFUNC", 10);

    static final Map<String, Integer> SYMBOL_BINDS = Map.of("LOCAL", 0, "GLOBAL", 1, "WEAK", 2, "UNIQUE", 10);

    static final Map<String, Integer> VISIBILITIES = Map.of("DEFAULT", 0, "INTERNAL", 1, "HIDDEN", 2, "PROTECTED", 3);

    static <V> V lookup(Map<String, V> names, String name) {
        V v = names.get(name);
        if (v == null) {
            throw new AssertionError("name '" + name + "' is missing from the test's table of readelf names");
        }
        return v;
    }

    static int sectionIndex(String ndx) {
        switch (ndx) {
            case "UND": return 0;
            case "ABS": return 0xfff1;
            case "COM": return 0xfff2;
            default: return Integer.parseInt(ndx);
        }
    }

    static long sectionFlags(String letters) {
        long bits = 0;
        for (char c : letters.toCharArray()) {
            Long bit = SECTION_FLAGS.get(c);
            if (bit == null) {
                throw new AssertionError("section flag letter '" + c + "' is missing from the test's table");
            }
            bits |= bit;
        }
        return bits;
    }

    static long knownSectionFlagMask() {
        return SECTION_FLAGS.values().stream().mapToLong(Long::longValue).reduce(0, (a, b) -> a | b);
    }
}
