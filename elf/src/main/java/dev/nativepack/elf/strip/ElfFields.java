package dev.nativepack.elf.strip;

import dev.nativepack.elf.SectionHeader;

/** Where the fields this package rewrites live, in ELF32 and ELF64. */
final class ElfFields {
    static final long SHT_SYMTAB_SHNDX = 18;
    static final long SHT_REL = 9;
    static final long SHT_RELA = 4;
    static final long SHF_INFO_LINK = 0x40;
    /** Counts and indices from here on live in section header 0 (e_shnum = 0, e_shstrndx = SHN_XINDEX). */
    static final int SHN_LORESERVE = 0xff00;
    static final int SHN_XINDEX = 0xffff;

    private ElfFields() {
    }

    static int headerSize(boolean is64) {
        return is64 ? 64 : 52;
    }

    static int sectionHeaderSize(boolean is64) {
        return is64 ? 64 : 40;
    }

    static int programHeaderSize(boolean is64) {
        return is64 ? 56 : 32;
    }

    static long eShoff(boolean is64) {
        return is64 ? 40 : 32;
    }

    static long eShnum(boolean is64) {
        return is64 ? 60 : 48;
    }

    static long eShstrndx(boolean is64) {
        return is64 ? 62 : 50;
    }

    /** p_filesz within one program header. */
    static long pFilesz(boolean is64) {
        return is64 ? 32 : 16;
    }

    static boolean isAlloc(SectionHeader s) {
        return (s.flags() & SectionHeader.SHF_ALLOC) != 0;
    }

    static boolean hasFileBytes(SectionHeader s) {
        return s.type() != SectionHeader.SHT_NOBITS && s.size() != 0;
    }

    /** Whether sh_info holds a section index rather than a count. */
    static boolean infoIsIndex(SectionHeader s) {
        return s.type() == SHT_REL || s.type() == SHT_RELA || (s.flags() & SHF_INFO_LINK) != 0;
    }

    /** Writes one section header with the given name offset. */
    static void writeSectionHeader(ByteSink out, SectionHeader s, long nameOffset) {
        out.u32(nameOffset);
        out.u32(s.type());
        out.word(s.flags());
        out.word(s.addr());
        out.word(s.offset());
        out.word(s.size());
        out.u32(s.link());
        out.u32(s.info());
        out.word(s.addralign());
        out.word(s.entsize());
    }

    /**
     * Section header 0 for a table of {@code count} entries whose names table is {@code namesIndex}:
     * large values go into sh_size and sh_link; sh_info (the extended e_phnum) is kept.
     */
    static SectionHeader sectionZero(SectionHeader original, int count, int namesIndex) {
        return new SectionHeader(0, "", original.type(), original.flags(), original.addr(), original.offset(),
                count >= SHN_LORESERVE ? count : 0, namesIndex >= SHN_LORESERVE ? namesIndex : 0, original.info(),
                original.addralign(), original.entsize());
    }

    /** Points the ELF header at a new section header table. */
    static void patchElfHeader(ByteSink out, long shoff, int count, int namesIndex) {
        boolean is64 = out.is64();
        out.patchWord(eShoff(is64), shoff);
        out.patch(eShnum(is64), count >= SHN_LORESERVE ? 0 : count, 2);
        out.patch(eShstrndx(is64), namesIndex >= SHN_LORESERVE ? SHN_XINDEX : namesIndex, 2);
    }
}
