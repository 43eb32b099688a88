package dev.nativepack.elf;

import java.nio.ByteOrder;

/** The ELF file header (Elf32_Ehdr / Elf64_Ehdr), with the PN_XNUM/SHN_XINDEX extensions already applied. */
public record ElfHeader(
        ElfClass elfClass,
        ByteOrder byteOrder,
        int identVersion,
        int osAbi,
        int abiVersion,
        int type,
        int machine,
        long version,
        long entry,
        long phoff,
        long shoff,
        long flags,
        int ehsize,
        int phentsize,
        int phnum,
        int shentsize,
        int shnum,
        int shstrndx) {

    public static final int ET_NONE = 0;
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;

    public static final int ELFOSABI_SYSV = 0;
    public static final int ELFOSABI_GNU = 3;

    public boolean is64() {
        return elfClass == ElfClass.ELF64;
    }

    public String typeName() {
        switch (type) {
            case ET_NONE: return "NONE";
            case ET_REL: return "REL";
            case ET_EXEC: return "EXEC";
            case ET_DYN: return "DYN";
            case ET_CORE: return "CORE";
            default: return "0x" + Integer.toHexString(type);
        }
    }

    public String osAbiName() {
        switch (osAbi) {
            case 0: return "SYSV";
            case 3: return "GNU/Linux";
            case 6: return "Solaris";
            case 9: return "FreeBSD";
            case 12: return "OpenBSD";
            default: return "OS/ABI " + osAbi;
        }
    }

    public String endianName() {
        return byteOrder == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
    }
}
