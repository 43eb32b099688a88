package dev.nativepack.elf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Reads and validates the ELF header and the program header table. */
final class HeaderReader {
    static final int EI_NIDENT = 16;
    private static final int PN_XNUM = 0xffff;
    private static final int SHN_XINDEX = 0xffff;

    private HeaderReader() {
    }

    /** Reads e_ident and returns the input re-ordered for the file's byte order. */
    static ElfInput identify(ElfInput raw) {
        if (raw.size() < EI_NIDENT) {
            throw raw.error("e_ident", 0, raw.size() == 0 ? "empty file, not an ELF file" : "file too short to be an ELF file");
        }
        if (raw.u8(0, "e_ident[EI_MAG0]") != 0x7f || raw.u8(1, "e_ident[EI_MAG1]") != 'E'
                || raw.u8(2, "e_ident[EI_MAG2]") != 'L' || raw.u8(3, "e_ident[EI_MAG3]") != 'F') {
            throw raw.error("e_ident[EI_MAG]", 0, "not an ELF file (bad magic)");
        }
        int cls = raw.u8(4, "e_ident[EI_CLASS]");
        if (ElfClass.of(cls) == null) {
            throw raw.error("e_ident[EI_CLASS]", 4, "invalid ELF class " + cls);
        }
        int data = raw.u8(5, "e_ident[EI_DATA]");
        if (data != 1 && data != 2) {
            throw raw.error("e_ident[EI_DATA]", 5, "invalid data encoding " + data);
        }
        int version = raw.u8(6, "e_ident[EI_VERSION]");
        if (version != 1) {
            throw raw.error("e_ident[EI_VERSION]", 6, "unsupported ELF version " + version);
        }
        return raw.withOrder(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    static ElfHeader readHeader(ElfInput in) {
        ElfClass cls = ElfClass.of(in.u8(4, "e_ident[EI_CLASS]"));
        boolean is64 = cls == ElfClass.ELF64;
        int ehsize = is64 ? 64 : 52;
        if (in.size() < ehsize) {
            throw in.error("ELF header", 0, "file too short for an ELF header (" + in.size() + " of " + ehsize + " bytes)");
        }
        int w = is64 ? 8 : 4;
        long type = in.u16(16, "e_type");
        int machine = in.u16(18, "e_machine");
        long version = in.u32(20, "e_version");
        long entry = in.word(24, is64, "e_entry");
        long phoff = in.word(24 + w, is64, "e_phoff");
        long shoff = in.word(24 + 2L * w, is64, "e_shoff");
        int base = 24 + 3 * w;
        long flags = in.u32(base, "e_flags");
        int headerSize = in.u16(base + 4, "e_ehsize");
        int phentsize = in.u16(base + 6, "e_phentsize");
        int phnum = in.u16(base + 8, "e_phnum");
        int shentsize = in.u16(base + 10, "e_shentsize");
        int shnum = in.u16(base + 12, "e_shnum");
        int shstrndx = in.u16(base + 14, "e_shstrndx");

        // Header extensions: the real counts live in section header 0 (research/elf.md §1).
        if (shoff != 0 && (phnum == PN_XNUM || shnum == 0 || shstrndx == SHN_XINDEX)) {
            long s0 = shoff;
            int shw = is64 ? 8 : 4;
            in.require(s0, is64 ? 64 : 40, "section header 0");
            // sh_name, sh_type, then sh_flags, sh_addr, sh_offset, sh_size (words), then sh_link, sh_info.
            long s0size = in.word(s0 + 8 + 3L * shw, is64, "section header 0 sh_size");
            long s0link = in.u32(s0 + 8 + 4L * shw, "section header 0 sh_link");
            long s0info = in.u32(s0 + 12 + 4L * shw, "section header 0 sh_info");
            if (phnum == PN_XNUM) {
                phnum = checkedCount(in, s0info, "e_phnum (extended)", s0);
            }
            if (shnum == 0) {
                shnum = checkedCount(in, s0size, "e_shnum (extended)", s0);
            }
            if (shstrndx == SHN_XINDEX) {
                shstrndx = checkedCount(in, s0link, "e_shstrndx (extended)", s0);
            }
        }
        return new ElfHeader(cls, orderOf(in),
                in.u8(6, "e_ident[EI_VERSION]"), in.u8(7, "e_ident[EI_OSABI]"), in.u8(8, "e_ident[EI_ABIVERSION]"),
                (int) type, machine, version, entry, phoff, shoff, flags, headerSize, phentsize, phnum, shentsize,
                shnum, shstrndx);
    }

    private static ByteOrder orderOf(ElfInput in) {
        return in.u8(5, "e_ident[EI_DATA]") == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    private static int checkedCount(ElfInput in, long value, String field, long offset) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw in.error(field, offset, "count " + value + " is impossibly large");
        }
        return (int) value;
    }

    static List<ProgramHeader> readProgramHeaders(ElfInput in, ElfHeader h) {
        if (h.phnum() == 0) {
            return List.of();
        }
        boolean is64 = h.is64();
        int expected = is64 ? 56 : 32;
        if (h.phentsize() != expected) {
            throw in.error("e_phentsize", is64 ? 54 : 42, "program header size " + h.phentsize() + ", expected " + expected);
        }
        long total = (long) h.phnum() * expected;
        in.require(h.phoff(), total, "program header table (e_phoff, e_phnum=" + h.phnum() + ")");
        List<ProgramHeader> out = new ArrayList<>(h.phnum());
        for (int i = 0; i < h.phnum(); i++) {
            long o = h.phoff() + (long) i * expected;
            if (is64) {
                out.add(new ProgramHeader(in.u32(o, "p_type"), in.u32(o + 4, "p_flags"), in.u64(o + 8, "p_offset"),
                        in.u64(o + 16, "p_vaddr"), in.u64(o + 24, "p_paddr"), in.u64(o + 32, "p_filesz"),
                        in.u64(o + 40, "p_memsz"), in.u64(o + 48, "p_align")));
            } else {
                out.add(new ProgramHeader(in.u32(o, "p_type"), in.u32(o + 24, "p_flags"), in.u32(o + 4, "p_offset"),
                        in.u32(o + 8, "p_vaddr"), in.u32(o + 12, "p_paddr"), in.u32(o + 16, "p_filesz"),
                        in.u32(o + 20, "p_memsz"), in.u32(o + 28, "p_align")));
            }
        }
        return List.copyOf(out);
    }
}
