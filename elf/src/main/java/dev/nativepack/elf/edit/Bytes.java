package dev.nativepack.elf.edit;

import java.nio.ByteOrder;
import java.util.Arrays;

/** A file's bytes with reads and writes in its byte order and word size; the array grows on demand. */
final class Bytes {
    private byte[] data;
    private int length;
    private final boolean little;
    private final boolean is64;

    Bytes(byte[] data, ByteOrder order, boolean is64) {
        this.data = data;
        this.length = data.length;
        this.little = order == ByteOrder.LITTLE_ENDIAN;
        this.is64 = is64;
    }

    Bytes copy() {
        return new Bytes(Arrays.copyOf(data, length), little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, is64);
    }

    int length() {
        return length;
    }

    boolean is64() {
        return is64;
    }

    /** The word size of the file's class: 8 in ELF64, 4 in ELF32. */
    int wordSize() {
        return is64 ? 8 : 4;
    }

    /** Extends the file with zero bytes to {@code newLength}. */
    void extendTo(long newLength) {
        if (newLength > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("file would exceed 2 GiB");
        }
        int n = (int) newLength;
        if (n <= length) {
            return;
        }
        if (n > data.length) {
            data = Arrays.copyOf(data, Math.max(n, data.length + data.length / 4));
        }
        length = n;
    }

    byte[] toArray() {
        return Arrays.copyOf(data, length);
    }

    int u8(long offset) {
        check(offset, 1);
        return data[(int) offset] & 0xff;
    }

    int u16(long offset) {
        return (int) read(offset, 2);
    }

    long u32(long offset) {
        return read(offset, 4);
    }

    long word(long offset) {
        return read(offset, is64 ? 8 : 4);
    }

    /** A d_tag: a signed 32-bit value in ELF32 (tags above 0x7fffffff do not exist there). */
    long tag(long offset) {
        return is64 ? read(offset, 8) : (int) read(offset, 4);
    }

    void put16(long offset, long value) {
        write(offset, 2, value);
    }

    void put32(long offset, long value) {
        write(offset, 4, value);
    }

    void putWord(long offset, long value) {
        write(offset, is64 ? 8 : 4, value);
    }

    void putBytes(long offset, byte[] src, int from, int count) {
        check(offset, count);
        System.arraycopy(src, from, data, (int) offset, count);
    }

    byte[] slice(long offset, long count) {
        check(offset, count);
        return Arrays.copyOfRange(data, (int) offset, (int) (offset + count));
    }

    /** Whether {@code [offset, offset + count)} holds only zero bytes. */
    boolean isZero(long offset, long count) {
        check(offset, count);
        for (int i = (int) offset, end = (int) (offset + count); i < end; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The offset of the first non-zero byte in {@code [from, to)}, or {@code to}. */
    long firstNonZero(long from, long to) {
        check(from, to - from);
        for (int i = (int) from; i < to; i++) {
            if (data[i] != 0) {
                return i;
            }
        }
        return to;
    }

    private long read(long offset, int width) {
        check(offset, width);
        int at = (int) offset;
        long value = 0;
        for (int i = 0; i < width; i++) {
            int b = data[at + (little ? width - 1 - i : i)] & 0xff;
            value = (value << 8) | b;
        }
        return value;
    }

    private void write(long offset, int width, long value) {
        check(offset, width);
        int at = (int) offset;
        for (int i = 0; i < width; i++) {
            data[at + (little ? i : width - 1 - i)] = (byte) (value >>> (8 * i));
        }
    }

    private void check(long offset, long count) {
        if (offset < 0 || count < 0 || offset > length || count > length - offset) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + count + ") outside " + length + " bytes");
        }
    }
}
