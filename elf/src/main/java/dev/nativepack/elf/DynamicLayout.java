package dev.nativepack.elf;

import java.util.List;

/**
 * The raw dynamic entries plus the tables they point to, as file offsets (-1 when absent).
 * Shared by the readers of strings, symbols and versions.
 */
record DynamicLayout(
        List<long[]> entries,
        int spareNullEntries,
        long stringTable,
        long stringTableEnd,
        long symbolTable,
        long symbolEntrySize,
        long hashTable,
        long gnuHashTable,
        long versionSymbols,
        long versionNeeds,
        long versionNeedCount,
        long versionDefinitions,
        long versionDefinitionCount) {

    static final DynamicLayout NONE = new DynamicLayout(List.of(), 0, -1, -1, -1, 0, -1, -1, -1, -1, 0, -1, 0);

    String string(ElfInput in, long offset, String field) {
        if (stringTable < 0) {
            throw in.error(field, -1, "string reference but no DT_STRTAB");
        }
        if (offset < 0 || offset >= stringTableEnd - stringTable) {
            throw in.error(field, stringTable + offset, "string offset " + offset + " is outside DT_STRTAB (DT_STRSZ "
                    + (stringTableEnd - stringTable) + ")");
        }
        return in.cString(stringTable + offset, stringTableEnd, field);
    }
}
