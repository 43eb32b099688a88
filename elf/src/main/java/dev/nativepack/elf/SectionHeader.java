package dev.nativepack.elf;

/** One section header. Section headers are optional for the loader and may be absent or wrong. */
public record SectionHeader(int index, String name, long type, long flags, long addr, long offset, long size,
                            long link, long info, long addralign, long entsize) {
    public static final long SHT_NULL = 0;
    public static final long SHT_PROGBITS = 1;
    public static final long SHT_SYMTAB = 2;
    public static final long SHT_STRTAB = 3;
    public static final long SHT_DYNAMIC = 6;
    public static final long SHT_NOTE = 7;
    public static final long SHT_NOBITS = 8;
    public static final long SHT_DYNSYM = 11;
    public static final long SHT_GNU_VERDEF = 0x6ffffffdL;
    public static final long SHT_GNU_VERNEED = 0x6ffffffeL;
    public static final long SHT_GNU_VERSYM = 0x6fffffffL;

    public static final long SHF_WRITE = 1;
    public static final long SHF_ALLOC = 2;
    public static final long SHF_EXECINSTR = 4;

    /** Sections that hold debugging information, which stripping removes. */
    public boolean isDebugInfo() {
        return name.startsWith(".debug") || name.startsWith(".zdebug") || name.startsWith(".gnu.debuglto_");
    }
}
