package dev.nativepack.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Edits and random mutations of a file's bytes, for building malformed ELF files from real ones. */
final class ByteEdits {
    private ByteEdits() {
    }

    /** A byte range [start, end) that mutations may hit. */
    record Range(long start, long end) {
    }

    static void putU16(byte[] b, long offset, int value, ByteOrder order) {
        ByteBuffer.wrap(b).order(order).putShort((int) offset, (short) value);
    }

    static void putU32(byte[] b, long offset, long value, ByteOrder order) {
        ByteBuffer.wrap(b).order(order).putInt((int) offset, (int) value);
    }

    static void putU64(byte[] b, long offset, long value, ByteOrder order) {
        ByteBuffer.wrap(b).order(order).putLong((int) offset, value);
    }

    /** Writes a 4-byte (ELF32) or 8-byte (ELF64) word. */
    static void putWord(byte[] b, long offset, long value, boolean is64, ByteOrder order) {
        if (is64) {
            putU64(b, offset, value, order);
        } else {
            putU32(b, offset, value, order);
        }
    }

    static long getU32(byte[] b, long offset, ByteOrder order) {
        return ByteBuffer.wrap(b).order(order).getInt((int) offset) & 0xffffffffL;
    }

    static int getU16(byte[] b, long offset, ByteOrder order) {
        return ByteBuffer.wrap(b).order(order).getShort((int) offset) & 0xffff;
    }

    static byte[] truncate(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    /**
     * A copy with {@code 1..maxChanges} random bytes changed, each at a random position in one of
     * the ranges (clipped to the file). Half of the changes write a "nasty" value (0, 0xff, 0x7f,
     * 0x80, 1) because boundary values find more bugs than uniform noise.
     */
    static byte[] mutate(byte[] original, Random random, int maxChanges, List<Range> ranges) {
        byte[] out = original.clone();
        int changes = 1 + random.nextInt(maxChanges);
        for (int i = 0; i < changes; i++) {
            Range r = ranges.get(random.nextInt(ranges.size()));
            long start = Math.min(r.start(), out.length - 1);
            long end = Math.min(r.end(), out.length);
            int position = (int) (start + random.nextInt((int) Math.max(1, end - start)));
            byte[] nasty = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1};
            out[position] = random.nextBoolean() ? nasty[random.nextInt(nasty.length)] : (byte) random.nextInt(256);
        }
        return out;
    }
}
