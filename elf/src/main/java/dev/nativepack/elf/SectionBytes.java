package dev.nativepack.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** The contents of a section, read through a channel the caller holds open. */
public final class SectionBytes {
    private SectionBytes() {
    }

    /** A section's bytes, or as many as the budget allows; none when it has no bytes in the file or lies outside it. */
    public static byte[] read(FileChannel channel, ElfFile elf, SectionHeader s, long budget) throws IOException {
        if (s.type() == SectionHeader.SHT_NOBITS || s.offset() < 0 || s.size() <= 0 || budget <= 0
                || s.offset() + s.size() > elf.size()) {
            return new byte[0];
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(s.size(), budget));
        // Positional reads may return less than asked; an early end leaves the rest out.
        while (bytes.hasRemaining() && channel.read(bytes, s.offset() + bytes.position()) > 0) {
            continue;
        }
        return bytes.position() == bytes.capacity() ? bytes.array() : Arrays.copyOf(bytes.array(), bytes.position());
    }

    /** A {@code .rodata*} section as linkers make them: loaded, read-only, with contents in the file. */
    public static boolean isReadOnlyData(SectionHeader s) {
        return s.type() == SectionHeader.SHT_PROGBITS && s.name() != null && s.name().startsWith(".rodata")
                && (s.flags() & SectionHeader.SHF_ALLOC) != 0 && (s.flags() & SectionHeader.SHF_WRITE) == 0;
    }
}
