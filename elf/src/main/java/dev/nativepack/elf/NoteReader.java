package dev.nativepack.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Reads notes from PT_NOTE segments (or SHT_NOTE sections when a file has no PT_NOTE). */
final class NoteReader {
    private NoteReader() {
    }

    static List<ElfNote> read(ElfInput in, ElfHeader h, List<ProgramHeader> phdrs, Supplier<List<SectionHeader>> sections) {
        List<ElfNote> out = new ArrayList<>();
        boolean fromSegments = false;
        for (ProgramHeader ph : phdrs) {
            if (ph.type() == ProgramHeader.PT_NOTE) {
                fromSegments = true;
                readArea(in, ph.offset(), ph.filesz(), ph.align() == 8 ? 8 : 4, out);
            }
        }
        if (!fromSegments) {
            for (SectionHeader s : sections.get()) {
                if (s.type() == SectionHeader.SHT_NOTE) {
                    readArea(in, s.offset(), s.size(), s.addralign() == 8 ? 8 : 4, out);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void readArea(ElfInput in, long offset, long size, int align, List<ElfNote> out) {
        in.require(offset, size, "note area");
        long end = offset + size;
        long o = offset;
        while (end - o >= 12) {
            long nameSize = in.u32(o, "note n_namesz");
            long descSize = in.u32(o + 4, "note n_descsz");
            long type = in.u32(o + 8, "note n_type");
            long nameStart = o + 12;
            if (nameSize > end - nameStart) {
                throw in.error("note", o, "note name size " + nameSize + " runs past the end of the note area");
            }
            // As glibc's ELF_NOTE_DESC_OFFSET / ELF_NOTE_NEXT_OFFSET: both padded to the note alignment.
            long descStart = o + align4(12 + nameSize, align);
            long next = descStart + align4(descSize, align);
            if (descStart > end || descSize > end - descStart) {
                throw in.error("note", o, "note sizes (name " + nameSize + ", descriptor " + descSize
                        + ") run past the end of the note area");
            }
            String owner = nameSize == 0 ? "" : trimNul(in.bytes(nameStart, (int) nameSize, "note name"));
            out.add(new ElfNote(owner, type, in.bytes(descStart, (int) descSize, "note descriptor")));
            if (next <= o) {
                break;
            }
            o = next;
        }
    }

    private static long align4(long value, int align) {
        return (value + align - 1) & -align;
    }

    private static String trimNul(byte[] raw) {
        int len = raw.length;
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        return new String(raw, 0, len, StandardCharsets.US_ASCII);
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    static String abiTag(ElfInput in, ElfNote note) {
        byte[] d = note.descriptor();
        if (d.length < 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(orderOf(in));
        int os = b.getInt(0);
        String osName = os == 0 ? "Linux" : os == 1 ? "GNU" : os == 2 ? "Solaris" : os == 3 ? "FreeBSD" : "OS " + os;
        return osName + " " + b.getInt(4) + "." + b.getInt(8) + "." + b.getInt(12);
    }

    static GnuProperties gnuProperties(ElfInput in, ElfHeader h, ElfNote note) {
        ByteBuffer b = ByteBuffer.wrap(note.descriptor()).order(orderOf(in));
        int align = h.is64() ? 8 : 4;
        long isaNeeded = 0, isaUsed = 0, x86Features = 0, aarch64Features = 0;
        int o = 0;
        while (b.limit() - o >= 8) {
            long type = b.getInt(o) & 0xffffffffL;
            long dataSize = b.getInt(o + 4) & 0xffffffffL;
            if (dataSize > b.limit() - o - 8) {
                break;
            }
            long value = dataSize >= 4 ? b.getInt(o + 8) & 0xffffffffL : 0;
            if (type == GnuProperties.GNU_PROPERTY_X86_ISA_1_NEEDED) isaNeeded = value;
            else if (type == GnuProperties.GNU_PROPERTY_X86_ISA_1_USED) isaUsed = value;
            else if (type == GnuProperties.GNU_PROPERTY_X86_FEATURE_1_AND) x86Features = value;
            else if (type == GnuProperties.GNU_PROPERTY_AARCH64_FEATURE_1_AND) aarch64Features = value;
            o += 8 + (int) align4(dataSize, align);
        }
        return new GnuProperties(isaNeeded, isaUsed, x86Features, aarch64Features);
    }

    private static ByteOrder orderOf(ElfInput in) {
        return in.u8(5, "e_ident[EI_DATA]") == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }
}
