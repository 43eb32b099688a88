package dev.nativepack.core.resolve;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry table of an ld.so.cache file, kept as the file's bytes and searched the way ld.so
 * searches it: a binary search by {@link Libcmp} over the sorted keys, then a walk over the run of
 * equal names. Only the entries a lookup touches are decoded. Offsets were checked by the parser.
 */
final class CacheTable {
    static final CacheTable EMPTY = new CacheTable(new byte[0], 0, 0, 0, 0, ByteOrder.LITTLE_ENDIAN);

    private final byte[] data;
    private final int entriesAt;
    private final int count;
    private final int entrySize;
    private final int stringBase;
    private final ByteOrder order;

    CacheTable(byte[] data, int entriesAt, int count, int entrySize, int stringBase, ByteOrder order) {
        this.data = data;
        this.entriesAt = entriesAt;
        this.count = count;
        this.entrySize = entrySize;
        this.stringBase = stringBase;
        this.order = order;
    }

    int count() {
        return count;
    }

    /** Decodes every entry, in file order. */
    List<LdSoCache.Entry> all(List<String> hwcapsNames) {
        List<LdSoCache.Entry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(entry(i, hwcapsNames));
        }
        return out;
    }

    /** The entries whose name equals {@code name} under libcmp, in file order (search_cache). */
    List<LdSoCache.Entry> named(String name, List<String> hwcapsNames) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        int left = 0;
        int right = count - 1;
        while (left <= right) {
            int middle = (left + right) >>> 1;
            int cmp = Libcmp.compare(key, 0, data, keyAt(middle));
            if (cmp == 0) {
                // Entries of one name are adjacent: back up to the first, then take them all.
                int first = middle;
                while (first > 0 && Libcmp.compare(key, 0, data, keyAt(first - 1)) == 0) {
                    first--;
                }
                List<LdSoCache.Entry> out = new ArrayList<>(2);
                for (int i = first; i <= right && Libcmp.compare(key, 0, data, keyAt(i)) == 0; i++) {
                    out.add(entry(i, hwcapsNames));
                }
                return out;
            }
            if (cmp < 0) {
                left = middle + 1;
            } else {
                right = middle - 1;
            }
        }
        return List.of();
    }

    private LdSoCache.Entry entry(int i, List<String> hwcapsNames) {
        int at = entriesAt + i * entrySize;
        long hwcap = entrySize == LdSoCacheParser.NEW_ENTRY_SIZE ? u64(at + 16) : 0L;
        return new LdSoCache.Entry(string(keyAt(i)), string(stringBase + (int) u32(at + 8)), s32(at), hwcap,
                subdir(hwcap, hwcapsNames));
    }

    private int keyAt(int i) {
        return stringBase + (int) u32(entriesAt + i * entrySize + 4);
    }

    private static String subdir(long hwcap, List<String> names) {
        if (!LdSoCache.isHwcapExtension(hwcap)) {
            return null;
        }
        long index = hwcap & 0xffffffffL;
        return index < names.size() ? names.get((int) index) : null;
    }

    private String string(int start) {
        int end = start;
        while (data[end] != 0) {
            end++;
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    private int s32(int at) {
        int b0 = data[at] & 0xff;
        int b1 = data[at + 1] & 0xff;
        int b2 = data[at + 2] & 0xff;
        int b3 = data[at + 3] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b3 | b2 << 8 | b1 << 16 | b0 << 24;
    }

    private long u32(int at) {
        return s32(at) & 0xffffffffL;
    }

    private long u64(int at) {
        long lo = u32(at);
        long hi = u32(at + 4);
        return order == ByteOrder.LITTLE_ENDIAN ? hi << 32 | lo : lo << 32 | hi;
    }
}
