package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfClass;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decides, from its first bytes, whether the loader would take a candidate file, skip it and keep
 * searching (missing, wrong class, wrong machine) or stop the whole load with an error
 * (glibc's open_verify, research/elf.md §2.9).
 */
final class CandidateVerifier {
    enum Outcome { ACCEPT, MISSING, WRONG_CLASS, WRONG_MACHINE, FATAL }

    /** The outcome; an accepted file comes with its parsed headers, so it is opened only once. */
    record Verdict(Outcome outcome, String problem, ElfFile elf, Object fileKey) {
        static final Verdict MISSING = new Verdict(Outcome.MISSING, null, null, null);
        static final Verdict WRONG_CLASS = new Verdict(Outcome.WRONG_CLASS, null, null, null);
        static final Verdict WRONG_MACHINE = new Verdict(Outcome.WRONG_MACHINE, null, null, null);

        static Verdict fatal(String problem) {
            return new Verdict(Outcome.FATAL, problem, null, null);
        }
    }

    private final ElfClass elfClass;
    private final ByteOrder byteOrder;
    private final int machine;

    CandidateVerifier(ElfClass elfClass, ByteOrder byteOrder, int machine) {
        this.elfClass = elfClass;
        this.byteOrder = byteOrder;
        this.machine = machine;
    }

    Verdict verify(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            // ENOENT, EACCES, ENOTDIR, ELOOP: the loader moves on to the next candidate.
            return Verdict.MISSING;
        }
        if (attributes.isDirectory()) {
            // A directory opens but cannot be read (EISDIR), and the loader gives up there.
            return Verdict.fatal("cannot read file data: Is a directory");
        }
        int headerSize = elfClass == ElfClass.ELF64 ? 64 : 52;
        long size = attributes.size();
        // The first read takes a whole page: it holds the headers the ELF model needs next.
        ByteBuffer header = ByteBuffer.allocate((int) Math.min(ElfFile.FIRST_READ, Math.max(size, headerSize)));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (header.hasRemaining() && ch.read(header) > 0) {
                // read until the page is complete or the file ends
            }
            Verdict verdict = check(header, headerSize);
            if (verdict != null) {
                return verdict;
            }
            byte[] start = header.position() == header.capacity() ? header.array()
                    : java.util.Arrays.copyOf(header.array(), header.position());
            ElfFile elf = ElfFile.read(file, ch, size, start);
            // Read what resolution needs while the file is open, rather than reopening it later.
            elf.dynamic();
            elf.versionNeedsWithoutSymbols();
            elf.versionDefinitions();
            return new Verdict(Outcome.ACCEPT, null, elf, attributes.fileKey());
        } catch (MalformedElfException e) {
            return Verdict.fatal(e.problem());
        } catch (NoSuchFileException | AccessDeniedException e) {
            return Verdict.MISSING;
        } catch (IOException e) {
            return Verdict.fatal("cannot read file data: " + e.getMessage());
        }
    }

    /** glibc's header checks, in its order; null when the file is acceptable. */
    private Verdict check(ByteBuffer header, int headerSize) {
        if (header.position() < headerSize) {
            return Verdict.fatal("file too short");
        }
        header.flip();
        if (header.get(0) != 0x7f || header.get(1) != 'E' || header.get(2) != 'L' || header.get(3) != 'F') {
            return Verdict.fatal("invalid ELF header");
        }
        int cls = header.get(4);
        if (cls != elfClass.code()) {
            return Verdict.WRONG_CLASS;
        }
        int data = header.get(5);
        if (data != (byteOrder == ByteOrder.LITTLE_ENDIAN ? 1 : 2)) {
            return Verdict.fatal("ELF file data encoding not " + (byteOrder == ByteOrder.LITTLE_ENDIAN ? "little" : "big")
                    + "-endian");
        }
        if (header.get(6) != 1) {
            return Verdict.fatal("ELF file version ident does not match current one");
        }
        int osAbi = header.get(7) & 0xff;
        int abiVersion = header.get(8) & 0xff;
        if (osAbi != 0 && osAbi != 3) {
            return Verdict.fatal("ELF file OS ABI invalid");
        }
        // LIBC_ABI_MAX: ABI versions above glibc's known set are refused (research/elf.md §1).
        if (!(abiVersion == 0 || (osAbi == 3 && abiVersion < 4))) {
            return Verdict.fatal("ELF file ABI version invalid");
        }
        for (int i = 9; i < 16; i++) {
            if (header.get(i) != 0) {
                return Verdict.fatal("nonzero padding in e_ident");
            }
        }
        header.order(byteOrder);
        if (header.getInt(20) != 1) {
            return Verdict.fatal("ELF file version does not match current one");
        }
        if ((header.getShort(18) & 0xffff) != machine) {
            return Verdict.WRONG_MACHINE;
        }
        int type = header.getShort(16) & 0xffff;
        if (type != 2 && type != 3) {
            return Verdict.fatal("only ET_DYN and ET_EXEC can be loaded");
        }
        int phentsize = header.getShort(elfClass == ElfClass.ELF64 ? 54 : 42) & 0xffff;
        if (phentsize != (elfClass == ElfClass.ELF64 ? 56 : 32)) {
            return Verdict.fatal("ELF file's phentsize not the expected size");
        }
        return null;
    }
}
