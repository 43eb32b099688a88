package dev.nativepack.elf;

/** One program header (segment); the loader's view of the file. */
public record ProgramHeader(long type, long flags, long offset, long vaddr, long paddr, long filesz, long memsz, long align) {
    public static final long PT_NULL = 0;
    public static final long PT_LOAD = 1;
    public static final long PT_DYNAMIC = 2;
    public static final long PT_INTERP = 3;
    public static final long PT_NOTE = 4;
    public static final long PT_PHDR = 6;
    public static final long PT_TLS = 7;
    public static final long PT_GNU_EH_FRAME = 0x6474e550L;
    public static final long PT_GNU_STACK = 0x6474e551L;
    public static final long PT_GNU_RELRO = 0x6474e552L;
    public static final long PT_GNU_PROPERTY = 0x6474e553L;

    public static final long PF_X = 1;
    public static final long PF_W = 2;
    public static final long PF_R = 4;

    public String typeName() {
        if (type == PT_NULL) return "NULL";
        if (type == PT_LOAD) return "LOAD";
        if (type == PT_DYNAMIC) return "DYNAMIC";
        if (type == PT_INTERP) return "INTERP";
        if (type == PT_NOTE) return "NOTE";
        if (type == 5) return "SHLIB";
        if (type == PT_PHDR) return "PHDR";
        if (type == PT_TLS) return "TLS";
        if (type == PT_GNU_EH_FRAME) return "GNU_EH_FRAME";
        if (type == PT_GNU_STACK) return "GNU_STACK";
        if (type == PT_GNU_RELRO) return "GNU_RELRO";
        if (type == PT_GNU_PROPERTY) return "GNU_PROPERTY";
        return "0x" + Long.toHexString(type);
    }

    public String flagString() {
        return ((flags & PF_R) != 0 ? "R" : "-") + ((flags & PF_W) != 0 ? "W" : "-") + ((flags & PF_X) != 0 ? "X" : "-");
    }

    /** Whether the virtual address lies in the part of this segment backed by file bytes. */
    boolean coversFileBacked(long address) {
        return Long.compareUnsigned(address, vaddr) >= 0 && Long.compareUnsigned(address - vaddr, filesz) < 0;
    }
}
