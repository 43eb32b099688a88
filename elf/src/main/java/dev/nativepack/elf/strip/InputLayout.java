package dev.nativepack.elf.strip;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import java.nio.file.Path;
import java.util.List;

/**
 * The parsed input with every range this package copies checked against the file's size, and the
 * extent that must stay byte for byte: the ELF header, the program header table, every segment's
 * file bytes and every loaded section.
 */
final class InputLayout {
    /** The largest alignment honoured for a section that is moved; non-loaded sections need at most a few bytes. */
    static final long MAX_PLACEMENT_ALIGNMENT = 1 << 16;

    final Path file;
    final byte[] bytes;
    final ElfFile elf;
    final ElfHeader header;
    final boolean is64;
    final List<SectionHeader> sections;
    /** The end of the ELF header and the program header table. */
    final long headersEnd;
    /** The end of everything the loader or a program header refers to. */
    final long loadedEnd;

    private InputLayout(Path file, byte[] bytes, ElfFile elf, List<SectionHeader> sections, long headersEnd,
                        long loadedEnd) {
        this.file = file;
        this.bytes = bytes;
        this.elf = elf;
        this.header = elf.header();
        this.is64 = header.is64();
        this.sections = sections;
        this.headersEnd = headersEnd;
        this.loadedEnd = loadedEnd;
    }

    static InputLayout of(Path file, byte[] bytes) {
        ElfFile elf = ElfFile.parse(file, bytes);
        ElfHeader h = elf.header();
        if (h.type() != ElfHeader.ET_EXEC && h.type() != ElfHeader.ET_DYN) {
            throw new NotStrippableException(file, "only executables and shared libraries are stripped, this is "
                    + h.typeName() + (h.type() == ElfHeader.ET_REL ? " (its relocations need the symbol table)" : ""));
        }
        List<SectionHeader> sections = elf.sections();
        long length = bytes.length;
        boolean is64 = h.is64();
        long headersEnd = ElfFields.headerSize(is64);
        if (!elf.programHeaders().isEmpty()) {
            headersEnd = Math.max(headersEnd, h.phoff() + (long) h.phnum() * ElfFields.programHeaderSize(is64));
        }
        long loadedEnd = headersEnd;
        List<ProgramHeader> phs = elf.programHeaders();
        for (int i = 0; i < phs.size(); i++) {
            ProgramHeader ph = phs.get(i);
            if (ph.type() == ProgramHeader.PT_NULL || ph.filesz() == 0) {
                continue;
            }
            if (!inside(ph.offset(), ph.filesz(), length)) {
                throw new MalformedElfException(file, "program header " + i + " (" + ph.typeName() + ") p_offset/p_filesz",
                        h.phoff() + (long) i * ElfFields.programHeaderSize(is64),
                        "segment 0x" + Long.toHexString(ph.offset()) + "+0x" + Long.toHexString(ph.filesz())
                                + " extends past the end of the file (size " + length + ")");
            }
            loadedEnd = Math.max(loadedEnd, ph.offset() + ph.filesz());
        }
        if (!sections.isEmpty() && h.shstrndx() >= sections.size()) {
            throw new MalformedElfException(file, "e_shstrndx", ElfFields.eShstrndx(is64),
                    "section name table index " + h.shstrndx() + " is not below the section count " + sections.size());
        }
        for (SectionHeader s : sections) {
            if (s.index() == 0 || !ElfFields.hasFileBytes(s)) {
                continue;
            }
            if (!inside(s.offset(), s.size(), length)) {
                throw new MalformedElfException(file, "section header " + s.index() + " (" + s.name() + ") sh_offset/sh_size",
                        h.shoff() + (long) s.index() * ElfFields.sectionHeaderSize(is64),
                        "section 0x" + Long.toHexString(s.offset()) + "+0x" + Long.toHexString(s.size())
                                + " extends past the end of the file (size " + length + ")");
            }
            if (ElfFields.isAlloc(s)) {
                loadedEnd = Math.max(loadedEnd, s.offset() + s.size());
            }
        }
        return new InputLayout(file, bytes, elf, sections, headersEnd, loadedEnd);
    }

    /** Whether [offset, offset + size) lies in a file of {@code length} bytes; unsigned values above 2^63 fail. */
    static boolean inside(long offset, long size, long length) {
        return offset >= 0 && size >= 0 && offset <= length && size <= length - offset;
    }

    /** The names table's index, or 0 when the file has none. */
    int namesIndex() {
        return sections.isEmpty() ? 0 : header.shstrndx();
    }

    MalformedElfException error(SectionHeader s, String field, String problem) {
        return new MalformedElfException(file, "section header " + s.index() + " (" + s.name() + ") " + field,
                header.shoff() + (long) s.index() * ElfFields.sectionHeaderSize(is64), problem);
    }

    /** A section's alignment for placing it in the output: 0 or a power of two, at most one page. */
    long placementAlignment(SectionHeader s) {
        long a = s.addralign();
        if (a < 0 || (a & (a - 1)) != 0) {
            throw error(s, "sh_addralign", "alignment 0x" + Long.toHexString(a) + " is not a power of two");
        }
        if (a > MAX_PLACEMENT_ALIGNMENT) {
            throw error(s, "sh_addralign", "alignment 0x" + Long.toHexString(a)
                    + " is implausibly large for a section that is not loaded");
        }
        return a;
    }
}
