package dev.nativepack.elf;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Bounds-checked reads from a file's bytes. Every read names the field it is for, so a bad offset
 * becomes a {@link MalformedElfException} that says what was being read, never a raw exception.
 */
final class ElfInput {
    private final Path file;
    private final PagedFile bytes;
    private final boolean little;
    private final long size;

    ElfInput(Path file, PagedFile bytes, ByteOrder order) {
        this.file = file;
        this.bytes = bytes;
        this.little = order == ByteOrder.LITTLE_ENDIAN;
        this.size = bytes.size();
    }

    ElfInput withOrder(ByteOrder order) {
        return new ElfInput(file, bytes, order);
    }

    ByteOrder order() {
        return little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    PagedFile pages() {
        return bytes;
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

    /** Reads a range that is about to be scanned in as few reads as possible; the range is checked. */
    void prefetch(long offset, long length, String field) {
        require(offset, length, field);
        bytes.prefetch(offset, length);
    }

    boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    MalformedElfException error(String field, long offset, String problem) {
        return new MalformedElfException(file, field, offset, problem);
    }

    int u8(long offset, String field) {
        require(offset, 1, field);
        return bytes.byteAt(offset) & 0xff;
    }

    int u16(long offset, String field) {
        require(offset, 2, field);
        return (int) unsigned(offset, 2);
    }

    long u32(long offset, String field) {
        require(offset, 4, field);
        return unsigned(offset, 4);
    }

    int s32(long offset, String field) {
        require(offset, 4, field);
        return (int) unsigned(offset, 4);
    }

    /** An unsigned 64-bit value; values above {@link Long#MAX_VALUE} come back negative and fail later bounds checks. */
    long u64(long offset, String field) {
        require(offset, 8, field);
        return unsigned(offset, 8);
    }

    /** A word of the file's class: 4 bytes in ELF32, 8 in ELF64. */
    long word(long offset, boolean is64, String field) {
        return is64 ? u64(offset, field) : u32(offset, field);
    }

    /** Assembles a value of {@code width} bytes in the file's byte order; the range is already checked. */
    private long unsigned(long offset, int width) {
        byte[] page = bytes.page(offset);
        int at = (int) (offset & (PagedFile.PAGE_SIZE - 1));
        long value = 0;
        if (at + width <= page.length) {
            for (int i = 0; i < width; i++) {
                int b = page[at + (little ? width - 1 - i : i)] & 0xff;
                value = (value << 8) | b;
            }
            return value;
        }
        for (int i = 0; i < width; i++) {
            int b = bytes.byteAt(offset + (little ? width - 1 - i : i)) & 0xff;
            value = (value << 8) | b;
        }
        return value;
    }

    byte[] bytes(long offset, int length, String field) {
        require(offset, length, field);
        byte[] out = new byte[length];
        int copied = 0;
        while (copied < length) {
            long at = offset + copied;
            byte[] page = bytes.page(at);
            int within = (int) (at & (PagedFile.PAGE_SIZE - 1));
            int n = Math.min(length - copied, page.length - within);
            System.arraycopy(page, within, out, copied, n);
            copied += n;
        }
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
        long at = offset;
        while (at < end) {
            byte[] page = bytes.page(at);
            int within = (int) (at & (PagedFile.PAGE_SIZE - 1));
            int stop = (int) Math.min(page.length, within + (end - at));
            for (int i = within; i < stop; i++) {
                if (page[i] == 0) {
                    if (at == offset) {
                        return new String(page, within, i - within, StandardCharsets.UTF_8);
                    }
                    // The string crosses a page boundary: copy it out in one piece.
                    long nul = at + (i - within);
                    return new String(bytes(offset, (int) (nul - offset), field), StandardCharsets.UTF_8);
                }
            }
            at += stop - within;
        }
        throw error(field, offset, "string is not NUL-terminated within its string table");
    }
}
