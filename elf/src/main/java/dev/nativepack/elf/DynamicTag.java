package dev.nativepack.elf;

/** d_tag values and flag bits of the dynamic section used by the loader and by this tool. */
public final class DynamicTag {
    public static final long DT_NULL = 0;
    public static final long DT_NEEDED = 1;
    public static final long DT_HASH = 4;
    public static final long DT_STRTAB = 5;
    public static final long DT_SYMTAB = 6;
    public static final long DT_STRSZ = 10;
    public static final long DT_SYMENT = 11;
    public static final long DT_SONAME = 14;
    public static final long DT_RPATH = 15;
    public static final long DT_TEXTREL = 22;
    public static final long DT_FLAGS = 30;
    public static final long DT_RUNPATH = 29;
    public static final long DT_RELR = 36;
    public static final long DT_GNU_HASH = 0x6ffffef5L;
    public static final long DT_VERSYM = 0x6ffffff0L;
    public static final long DT_FLAGS_1 = 0x6ffffffbL;
    public static final long DT_VERDEF = 0x6ffffffcL;
    public static final long DT_VERDEFNUM = 0x6ffffffdL;
    public static final long DT_VERNEED = 0x6ffffffeL;
    public static final long DT_VERNEEDNUM = 0x6fffffffL;
    public static final long DT_AUXILIARY = 0x7ffffffdL;
    public static final long DT_FILTER = 0x7fffffffL;
    public static final long DT_CONFIG = 0x6ffffefaL;
    public static final long DT_DEPAUDIT = 0x6ffffefbL;
    public static final long DT_AUDIT = 0x6ffffefcL;

    public static final long DF_ORIGIN = 0x1;
    public static final long DF_SYMBOLIC = 0x2;
    public static final long DF_TEXTREL = 0x4;
    public static final long DF_BIND_NOW = 0x8;
    public static final long DF_STATIC_TLS = 0x10;

    public static final long DF_1_NOW = 0x1;
    public static final long DF_1_GLOBAL = 0x2;
    public static final long DF_1_NODELETE = 0x8;
    public static final long DF_1_NOOPEN = 0x40;
    public static final long DF_1_ORIGIN = 0x80;
    public static final long DF_1_NODEFLIB = 0x800;
    public static final long DF_1_PIE = 0x08000000L;

    private DynamicTag() {
    }
}
