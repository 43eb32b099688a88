package dev.nativepack.elf.strip;

import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what {@code objcopy --only-keep-debug} keeps: the ELF header, the program headers and the
 * loaded notes at their offsets, every section header at its index (loaded sections other than
 * notes become SHT_NOBITS with their addresses and sizes, so debuggers can match them), and the
 * contents of every non-loaded section: debugging sections, the symbol table, .comment and the like.
 */
final class DebugFileWriter {
    private DebugFileWriter() {
    }

    static byte[] write(InputLayout in) {
        List<SectionHeader> sections = in.sections;
        int namesIndex = in.namesIndex();
        long head = in.headersEnd;
        for (SectionHeader s : sections) {
            if (ElfFields.isAlloc(s) && s.type() == SectionHeader.SHT_NOTE && ElfFields.hasFileBytes(s)) {
                head = Math.max(head, s.offset() + s.size());
            }
        }
        List<String> allNames = new ArrayList<>();
        for (SectionHeader s : sections) {
            allNames.add(s.name());
        }
        StringTable names = StringTable.of(allNames);
        long[] nameOffsets = new long[sections.size()];
        for (int i = 0; i < sections.size(); i++) {
            nameOffsets[i] = names.offsetOf(sections.get(i).name());
        }
        byte[] nameBytes = names.toByteArray();

        ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 8, head + 4096), in.is64, in.header.byteOrder());
        out.append(in.bytes, 0, head);
        trimProgramHeaders(in, out, head);

        List<SectionHeader> table = new ArrayList<>(sections.size());
        table.add(sections.get(0));
        for (int i = 1; i < sections.size(); i++) {
            SectionHeader s = sections.get(i);
            long type = s.type();
            long offset = s.offset();
            long size = s.size();
            if (i == namesIndex) {
                type = SectionHeader.SHT_STRTAB;
                offset = out.size();
                size = nameBytes.length;
                out.append(nameBytes, 0, nameBytes.length);
            } else if (ElfFields.isAlloc(s)) {
                if (type != SectionHeader.SHT_NOTE) {
                    type = SectionHeader.SHT_NOBITS;
                }
            } else {
                out.align(in.placementAlignment(s));
                offset = out.size();
                if (ElfFields.hasFileBytes(s)) {
                    out.append(in.bytes, s.offset(), s.size());
                }
            }
            table.add(new SectionHeader(i, s.name(), type, s.flags(), s.addr(), offset, size, s.link(), s.info(),
                    s.addralign(), s.entsize()));
        }
        out.align(in.is64 ? 8 : 4);
        long shoff = out.size();
        for (int i = 0; i < table.size(); i++) {
            ElfFields.writeSectionHeader(out, table.get(i), nameOffsets[i]);
        }
        out.patchWord(ElfFields.eShoff(in.is64), shoff);
        return out.toByteArray();
    }

    /** Segments keep their offsets; their file sizes shrink to what the kept head still holds. */
    private static void trimProgramHeaders(InputLayout in, ByteSink out, long head) {
        List<ProgramHeader> phs = in.elf.programHeaders();
        for (int i = 0; i < phs.size(); i++) {
            ProgramHeader ph = phs.get(i);
            if (ph.filesz() == 0 || ph.offset() + ph.filesz() <= head) {
                continue;
            }
            long kept = ph.offset() < head ? head - ph.offset() : 0;
            long at = in.header.phoff() + (long) i * ElfFields.programHeaderSize(in.is64);
            if (in.is64) {
                out.patch(at + ElfFields.pFilesz(true), kept, 8);
            } else {
                out.patch(at + ElfFields.pFilesz(false), kept, 4);
            }
        }
    }
}
