package dev.nativepack.elf.edit;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A working copy of .dynstr for one edit. Bytes that some remaining reference reads (from its
 * first character through its NUL) are protected; strings no longer referenced are zeroed, and
 * unprotected zero bytes are free space. A string may point into the middle of another (linkers
 * merge tails), so sharing is decided byte by byte, never by whole strings.
 */
final class StringTable {
    private byte[] bytes;
    private int size;
    private final int originalSize;
    private final BitSet protectedBytes = new BitSet();

    StringTable(byte[] original) {
        this.bytes = original.clone();
        this.size = original.length;
        this.originalSize = original.length;
    }

    int size() {
        return size;
    }

    int originalSize() {
        return originalSize;
    }

    /** The bytes added past the original end. */
    int grownBy() {
        return size - originalSize;
    }

    byte[] bytes() {
        return Arrays.copyOf(bytes, size);
    }

    /** Index of the NUL ending the string at {@code offset}, or -1 when it runs off the end. */
    int end(int offset) {
        for (int i = offset; i < size; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Marks the string at {@code offset} (through its NUL) as read by a reference that stays. */
    void protect(int offset) {
        int nul = end(offset);
        protectedBytes.set(offset, (nul < 0 ? size : nul) + 1);
    }

    void protectAll() {
        protectedBytes.set(0, size);
    }

    /** Zeroes the unprotected bytes of a string that a reference no longer reads. */
    void release(int offset) {
        int nul = end(offset);
        for (int i = offset; i < nul; i++) {
            if (!protectedBytes.get(i)) {
                bytes[i] = 0;
            }
        }
    }

    /** The offset of an existing copy of {@code value} (possibly the tail of a longer string), or -1. */
    int findExisting(byte[] value) {
        int last = size - value.length - 1;
        outer:
        for (int p = 1; p <= last; p++) {
            if (bytes[p + value.length] != 0) {
                continue;
            }
            for (int i = 0; i < value.length; i++) {
                if (bytes[p + i] != value[i]) {
                    continue outer;
                }
            }
            return p;
        }
        return -1;
    }

    /**
     * Finds room for {@code value} and its NUL in free bytes, trying the given offsets first (the
     * place of the string it replaces) and otherwise the first fit. A placement may end on
     * protected bytes that already spell the value's tail, which keeps a merged tail intact.
     * Returns the offset written, or -1 when nothing fits.
     */
    int fit(byte[] value, int... preferred) {
        for (int p : preferred) {
            if (p > 0) {
                // Left-aligned where the old string began, or right-aligned on its NUL so a tail shared
                // with another reference stays where that reference points.
                if (fitsAt(value, p)) {
                    write(value, p);
                    return p;
                }
                int nul = end(p);
                int right = nul - value.length;
                if (nul > 0 && right > 0 && right != p && fitsAt(value, right)) {
                    write(value, right);
                    return right;
                }
            }
        }
        for (int p = protectedBytes.nextClearBit(1); p >= 0 && p < size; p = protectedBytes.nextClearBit(p + 1)) {
            if (bytes[p] == 0 && fitsAt(value, p)) {
                write(value, p);
                return p;
            }
        }
        return -1;
    }

    /** Appends {@code value} and its NUL past the current end; returns its offset. */
    int append(byte[] value) {
        int at = size;
        ensure(size + value.length + 1);
        System.arraycopy(value, 0, bytes, at, value.length);
        bytes[at + value.length] = 0;
        size += value.length + 1;
        protectedBytes.set(at, at + value.length + 1);
        return at;
    }

    /** Pads the table with zero bytes to {@code newSize} (free space for later edits). */
    void padTo(int newSize) {
        if (newSize > size) {
            ensure(newSize);
            Arrays.fill(bytes, size, newSize, (byte) 0);
            size = newSize;
        }
    }

    /** Marks {@code value} at {@code offset} as used so that later placements leave it alone. */
    void claim(int offset, int length) {
        protectedBytes.set(offset, offset + length + 1);
    }

    private boolean fitsAt(byte[] value, int p) {
        if (p < 1 || p + value.length >= size) {
            return false;
        }
        for (int i = 0; i <= value.length; i++) {
            byte want = i < value.length ? value[i] : 0;
            byte have = bytes[p + i];
            if (have == want) {
                continue;
            }
            if (have != 0 || protectedBytes.get(p + i)) {
                return false;
            }
        }
        return true;
    }

    private void write(byte[] value, int p) {
        System.arraycopy(value, 0, bytes, p, value.length);
        bytes[p + value.length] = 0;
        protectedBytes.set(p, p + value.length + 1);
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
