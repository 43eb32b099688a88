package dev.nativepack.elf;

import java.util.ArrayList;
import java.util.List;

/** Reads the section header table; names come from e_shstrndx's string table. */
final class SectionReader {
    private SectionReader() {
    }

    static List<SectionHeader> read(ElfInput in, ElfHeader h) {
        if (h.shoff() == 0 || h.shnum() == 0) {
            return List.of();
        }
        boolean is64 = h.is64();
        int expected = is64 ? 64 : 40;
        if (h.shentsize() != expected) {
            throw in.error("e_shentsize", is64 ? 58 : 46, "section header size " + h.shentsize() + ", expected " + expected);
        }
        in.prefetch(h.shoff(), (long) h.shnum() * expected, "section header table (e_shoff, e_shnum=" + h.shnum() + ")");
        int w = is64 ? 8 : 4;
        long[][] raw = new long[h.shnum()][];
        for (int i = 0; i < h.shnum(); i++) {
            long o = h.shoff() + (long) i * expected;
            raw[i] = new long[] {
                in.u32(o, "sh_name"), in.u32(o + 4, "sh_type"), in.word(o + 8, is64, "sh_flags"),
                in.word(o + 8 + w, is64, "sh_addr"), in.word(o + 8 + 2L * w, is64, "sh_offset"),
                in.word(o + 8 + 3L * w, is64, "sh_size"), in.u32(o + 8 + 4L * w, "sh_link"),
                in.u32(o + 12 + 4L * w, "sh_info"), in.word(o + 16 + 4L * w, is64, "sh_addralign"),
                in.word(o + 16 + 5L * w, is64, "sh_entsize")};
        }
        long namesOffset = -1, namesEnd = -1;
        if (h.shstrndx() > 0 && h.shstrndx() < h.shnum()) {
            long[] names = raw[h.shstrndx()];
            in.require(names[4], names[5], "section name table (e_shstrndx " + h.shstrndx() + ")");
            namesOffset = names[4];
            namesEnd = names[4] + names[5];
        }
        List<SectionHeader> out = new ArrayList<>(h.shnum());
        for (int i = 0; i < h.shnum(); i++) {
            long[] s = raw[i];
            String name = namesOffset < 0 ? "" : in.cString(namesOffset + s[0], namesEnd, "sh_name of section " + i);
            out.add(new SectionHeader(i, name, s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]));
        }
        return List.copyOf(out);
    }
}
