package dev.nativepack.elf.strip;

import java.nio.ByteOrder;
import java.util.Arrays;

/** A growing output file, written in one ELF class and byte order. */
final class ByteSink {
    private final boolean is64;
    private final boolean little;
    private byte[] bytes;
    private int size;

    ByteSink(int capacity, boolean is64, ByteOrder order) {
        this.bytes = new byte[Math.max(capacity, 64)];
        this.is64 = is64;
        this.little = order == ByteOrder.LITTLE_ENDIAN;
    }

    int size() {
        return size;
    }

    boolean is64() {
        return is64;
    }

    void append(byte[] source, long offset, long length) {
        ensure(length);
        System.arraycopy(source, (int) offset, bytes, size, (int) length);
        size += (int) length;
    }

    /** Pads with zero bytes up to a multiple of {@code alignment} (a power of two, or 0 or 1). */
    void align(long alignment) {
        if (alignment > 1) {
            long pad = (alignment - (size & (alignment - 1))) & (alignment - 1);
            ensure(pad);
            size += (int) pad;
        }
    }

    void u32(long value) {
        append(value, 4);
    }

    /** A word of the file's class: 4 bytes in ELF32, 8 in ELF64. */
    void word(long value) {
        append(value, is64 ? 8 : 4);
    }

    /** Overwrites {@code width} bytes at {@code offset}, which must already be written. */
    void patch(long offset, long value, int width) {
        if (offset < 0 || offset + width > size) {
            throw new IllegalStateException("patch outside the written bytes at " + offset);
        }
        writeAt((int) offset, value, width);
    }

    void patchWord(long offset, long value) {
        patch(offset, value, is64 ? 8 : 4);
    }

    private void append(long value, int width) {
        ensure(width);
        writeAt(size, value, width);
        size += width;
    }

    private void writeAt(int offset, long value, int width) {
        for (int i = 0; i < width; i++) {
            int shift = 8 * (little ? i : width - 1 - i);
            bytes[offset + i] = (byte) (value >>> shift);
        }
    }

    private void ensure(long more) {
        long needed = size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("output over 2 GiB");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
