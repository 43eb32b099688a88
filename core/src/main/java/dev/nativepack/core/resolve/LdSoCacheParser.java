package dev.nativepack.core.resolve;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the bytes of an ld.so.cache file (layout: sysdeps/generic/dl-cache.h). Every offset and
 * count is checked against the file size before use, so a damaged file yields
 * {@link LdSoCacheFormatException} and allocations stay proportional to the file size.
 */
final class LdSoCacheParser {
    static final byte[] OLD_MAGIC = "ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NEW_MAGIC = "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);
    static final int OLD_HEADER_SIZE = 16; // magic[11], padding, nlibs
    static final int OLD_ENTRY_SIZE = 12;
    static final int NEW_HEADER_SIZE = 48;
    static final int NEW_ENTRY_SIZE = 24;
    static final int EXTENSION_MAGIC = 0xEAA42174;
    static final int TAG_GENERATOR = 0;
    static final int TAG_GLIBC_HWCAPS = 1;
    private static final int ENDIAN_INVALID = 1;
    private static final int ENDIAN_BIG = 3;

    record Parsed(CacheTable table, List<String> hwcapsNames, String generator) {
    }

    private final String file;
    private final byte[] data;
    /** Every string that starts at or before the file's last NUL byte is terminated. */
    private final int lastNul;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    LdSoCacheParser(String file, byte[] data) {
        this.file = file;
        this.data = data;
        int nul = data.length - 1;
        while (nul >= 0 && data[nul] != 0) {
            nul--;
        }
        this.lastNul = nul;
    }

    Parsed parse() throws LdSoCacheFormatException {
        if (startsWith(NEW_MAGIC, 0)) {
            return parseNew(0);
        }
        if (!startsWith(OLD_MAGIC, 0)) {
            throw error("magic", 0, "neither \"glibc-ld.so.cache1.1\" nor \"ld.so-1.7.0\"");
        }
        need(0, OLD_HEADER_SIZE, "old-format header");
        // The old header carries no byte-order mark: accept whichever order leads to the new table.
        for (ByteOrder candidate : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            order = candidate;
            long oldCount = u32(12);
            if (oldCount <= (data.length - OLD_HEADER_SIZE) / OLD_ENTRY_SIZE) {
                // ALIGN_CACHE: the new header follows the old entries at an 8-byte boundary.
                long newOffset = (OLD_HEADER_SIZE + oldCount * OLD_ENTRY_SIZE + 7) & ~7L;
                if (newOffset + NEW_HEADER_SIZE <= data.length && startsWith(NEW_MAGIC, (int) newOffset)) {
                    return parseNew((int) newOffset);
                }
            }
        }
        order = ByteOrder.LITTLE_ENDIAN;
        return parseOldOnly();
    }

    private Parsed parseNew(int base) throws LdSoCacheFormatException {
        need(base, NEW_HEADER_SIZE, "new-format header");
        int endian = data[base + 28] & 3;
        if (endian == ENDIAN_INVALID) {
            throw error("header flags", base + 28, "cache marked invalid (endianness 1)");
        }
        order = endian == ENDIAN_BIG ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = u32(base + 20);
        // The same overflow-free test ld.so applies before trusting nlibs.
        if (count > (data.length - base - NEW_HEADER_SIZE) / NEW_ENTRY_SIZE) {
            throw error("nlibs", base + 20, count + " entries do not fit in " + data.length + " bytes");
        }
        for (int i = 0; i < count; i++) {
            int at = base + NEW_HEADER_SIZE + i * NEW_ENTRY_SIZE;
            // String offsets are relative to the new header (ld.so's string_table is cache_new).
            checkString(base, u32(at + 4), "entry ", i, " key", at + 4);
            checkString(base, u32(at + 8), "entry ", i, " value", at + 8);
        }
        long extensionOffset = u32(base + 32);
        List<String> hwcaps = new ArrayList<>();
        String generator = extensionOffset == 0 ? null : readExtensions(extensionOffset, base + 32, hwcaps);
        CacheTable table = new CacheTable(data, base + NEW_HEADER_SIZE, (int) count, NEW_ENTRY_SIZE, base, order);
        return new Parsed(table, hwcaps, generator);
    }

    /** A file with only the libc5-era table: 12-byte entries, strings after the entries, no hwcaps. */
    private Parsed parseOldOnly() throws LdSoCacheFormatException {
        long count = u32(12);
        if (count > (data.length - OLD_HEADER_SIZE) / OLD_ENTRY_SIZE) {
            throw error("old-format nlibs", 12, count + " entries do not fit in " + data.length + " bytes");
        }
        int strings = (int) (OLD_HEADER_SIZE + count * OLD_ENTRY_SIZE);
        for (int i = 0; i < count; i++) {
            int at = OLD_HEADER_SIZE + i * OLD_ENTRY_SIZE;
            checkString(strings, u32(at + 4), "old-format entry ", i, " key", at + 4);
            checkString(strings, u32(at + 8), "old-format entry ", i, " value", at + 8);
        }
        CacheTable table = new CacheTable(data, OLD_HEADER_SIZE, (int) count, OLD_ENTRY_SIZE, strings, order);
        return new Parsed(table, List.of(), null);
    }

    /** Reads the extension directory (dl-cache.h struct cache_extension); returns the generator text. */
    private String readExtensions(long offset, int fieldAt, List<String> hwcaps) throws LdSoCacheFormatException {
        if (offset % 4 != 0) {
            throw error("extension_offset", fieldAt, offset + " is not a multiple of 4");
        }
        if (offset + 8 > data.length) {
            throw error("extension_offset", fieldAt, offset + " is past the end of the " + data.length + "-byte file");
        }
        int at = (int) offset;
        if (s32(at) != EXTENSION_MAGIC) {
            throw error("extension magic", at, String.format("0x%08x instead of 0x%08x", s32(at), EXTENSION_MAGIC));
        }
        long count = u32(at + 4);
        if (offset + 8 + count * 16 > data.length) {
            throw error("extension count", at + 4, count + " sections do not fit in the file");
        }
        String generator = null;
        for (int i = 0; i < count; i++) {
            int section = at + 8 + i * 16;
            long tag = u32(section);
            long start = u32(section + 8);
            long size = u32(section + 12);
            if (start + size > data.length) {
                throw error("extension section " + i + " offset/size", section + 8,
                        start + "+" + size + " is past the end of the " + data.length + "-byte file");
            }
            if (tag == TAG_GENERATOR) {
                generator = text((int) start, (int) size);
            } else if (tag == TAG_GLIBC_HWCAPS) {
                readHwcapsNames(section, start, size, hwcaps);
            }
            // Unknown tags are skipped, as ld.so does: later glibc versions may add sections.
        }
        return generator;
    }

    private void readHwcapsNames(int section, long start, long size, List<String> hwcaps)
            throws LdSoCacheFormatException {
        if (start % 4 != 0 || size % 4 != 0) {
            throw error("glibc-hwcaps section offset/size", section + 8, "not 4-byte aligned");
        }
        hwcaps.clear(); // ld.so keeps the last section of a tag
        for (long p = start; p < start + size; p += 4) {
            // These indices are file offsets: ld.so reads them relative to the start of the file.
            hwcaps.add(string(0, u32((int) p), "glibc-hwcaps name ", hwcaps.size(), "", p));
        }
    }

    /**
     * Checks that a string starts inside the file and is NUL-terminated, without decoding it; the
     * field is named ({@code before + index + after}) only on error: this runs for every entry.
     */
    private void checkString(int base, long relative, String before, int index, String after, long fieldAt)
            throws LdSoCacheFormatException {
        long start = base + relative;
        if (start >= data.length) {
            throw error(before + index + after, fieldAt, "string offset " + relative + " is past the end of the "
                    + data.length + "-byte file");
        }
        if (start > lastNul) {
            throw error(before + index + after, fieldAt, "string at " + start + " has no terminating NUL");
        }
    }

    /** The field is named ({@code before + index + after}) only on error. */
    private String string(int base, long relative, String before, int index, String after, long fieldAt)
            throws LdSoCacheFormatException {
        long start = base + relative;
        if (start >= data.length) {
            throw error(before + index + after, fieldAt, "string offset " + relative + " is past the end of the "
                    + data.length + "-byte file");
        }
        int end = (int) start;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        if (end == data.length) {
            throw error(before + index + after, fieldAt, "string at " + start + " has no terminating NUL");
        }
        return new String(data, (int) start, end - (int) start, StandardCharsets.UTF_8);
    }

    private String text(int start, int size) {
        int end = start + size;
        while (end > start && data[end - 1] == 0) {
            end--;
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    private boolean startsWith(byte[] magic, int at) {
        if (at + magic.length > data.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[at + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private void need(int at, int size, String what) throws LdSoCacheFormatException {
        if ((long) at + size > data.length) {
            throw error(what, at, "file is truncated (" + data.length + " bytes, need " + ((long) at + size) + ")");
        }
    }

    private int s32(int at) {
        int b0 = data[at] & 0xff;
        int b1 = data[at + 1] & 0xff;
        int b2 = data[at + 2] & 0xff;
        int b3 = data[at + 3] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN
                ? b0 | b1 << 8 | b2 << 16 | b3 << 24
                : b3 | b2 << 8 | b1 << 16 | b0 << 24;
    }

    private long u32(int at) {
        return s32(at) & 0xffffffffL;
    }

    private long u64(int at) {
        long lo = u32(at);
        long hi = u32(at + 4);
        return order == ByteOrder.LITTLE_ENDIAN ? hi << 32 | lo : lo << 32 | hi;
    }

    private LdSoCacheFormatException error(String field, long offset, String problem) {
        return new LdSoCacheFormatException(file, field, offset, problem);
    }
}
