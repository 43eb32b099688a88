package dev.nativepack.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Bounds-checked reads from a file's bytes. Every read names the field it is for, so a bad offset
 * becomes a {@link MalformedElfException} that says what was being read, never a raw exception.
 */
final class ElfInput {
    private final Path file;
    private final ByteBuffer bytes;
    private final long size;

    ElfInput(Path file, ByteBuffer bytes, ByteOrder order) {
        this.file = file;
        this.bytes = bytes.duplicate().order(order);
        this.size = bytes.limit();
    }

    ElfInput withOrder(ByteOrder order) {
        return new ElfInput(file, bytes, order);
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Throws unless {@code [offset, offset + length)} lies inside the file; both are unsigned-safe. */
    void require(long offset, long length, String field) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw error(field, offset, length == 0 ? "offset past the end of the file"
                    : "needs " + length + " bytes but the file has " + Math.max(0, size - Math.max(0, offset))
                            + " from there (file size " + size + ")");
        }
    }

    boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    MalformedElfException error(String field, long offset, String problem) {
        return new MalformedElfException(file, field, offset, problem);
    }

    int u8(long offset, String field) {
        require(offset, 1, field);
        return bytes.get((int) offset) & 0xff;
    }

    int u16(long offset, String field) {
        require(offset, 2, field);
        return bytes.getShort((int) offset) & 0xffff;
    }

    long u32(long offset, String field) {
        require(offset, 4, field);
        return bytes.getInt((int) offset) & 0xffffffffL;
    }

    int s32(long offset, String field) {
        require(offset, 4, field);
        return bytes.getInt((int) offset);
    }

    /** An unsigned 64-bit value; values above {@link Long#MAX_VALUE} come back negative and fail later bounds checks. */
    long u64(long offset, String field) {
        require(offset, 8, field);
        return bytes.getLong((int) offset);
    }

    /** A word of the file's class: 4 bytes in ELF32, 8 in ELF64. */
    long word(long offset, boolean is64, String field) {
        return is64 ? u64(offset, field) : u32(offset, field);
    }

    byte[] bytes(long offset, int length, String field) {
        require(offset, length, field);
        byte[] out = new byte[length];
        bytes.get((int) offset, out);
        return out;
    }

    /**
     * A NUL-terminated string starting at {@code offset} that must end before {@code limit}
     * (the end of its string table).
     */
    String cString(long offset, long limit, String field) {
        long end = Math.min(limit, size);
        if (offset < 0 || offset >= end) {
            throw error(field, offset, "string offset outside its string table");
        }
        int start = (int) offset;
        int stop = (int) end;
        for (int i = start; i < stop; i++) {
            if (bytes.get(i) == 0) {
                return decode(start, i - start);
            }
        }
        throw error(field, offset, "string is not NUL-terminated within its string table");
    }

    private String decode(int start, int length) {
        byte[] raw = new byte[length];
        bytes.get(start, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }
}
