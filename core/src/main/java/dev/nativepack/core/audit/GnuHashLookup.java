package dev.nativepack.core.audit;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.SectionHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of some names an object's .dynsym defines as functions, looked up in its DT_GNU_HASH table
 * (.gnu.hash) as the loader looks symbols up: the Bloom filter turns almost every name away, so a
 * library costs one read of its hash table instead of decoding its thousands of dynamic symbols.
 */
final class GnuHashLookup {
    static final long SHT_GNU_HASH = 0x6ffffff6L;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;

    private GnuHashLookup() {
    }

    /**
     * The names defined as functions (STT_FUNC or STT_GNU_IFUNC, st_shndx not SHN_UNDEF), in the
     * order given; null when there is no .gnu.hash table or it does not fit the file, for the caller
     * to read the symbols instead.
     */
    static List<String> definedFunctions(FileChannel channel, ElfFile elf, List<String> names) throws IOException {
        List<SectionHeader> sections = elf.sections();
        SectionHeader hash = null;
        for (SectionHeader s : sections) {
            if (s.type() == SHT_GNU_HASH) {
                hash = s;
            }
        }
        if (hash == null || hash.link() <= 0 || hash.link() >= sections.size()) {
            return null;
        }
        SectionHeader symbols = sections.get((int) hash.link());
        if (symbols.type() != SectionHeader.SHT_DYNSYM || symbols.link() <= 0 || symbols.link() >= sections.size()) {
            return null;
        }
        SectionHeader strings = sections.get((int) symbols.link());
        boolean is64 = elf.header().is64();
        ByteOrder order = elf.header().byteOrder();
        ByteBuffer table = read(channel, elf, hash.offset(), hash.size(), order);
        if (table == null || table.capacity() < 16) {
            return null;
        }
        long buckets = u32(table, 0);
        long symbolOffset = u32(table, 4);
        long bloomWords = u32(table, 8);
        int bloomShift = (int) u32(table, 12);
        int wordBits = is64 ? 64 : 32;
        long bucketStart = 16 + bloomWords * (wordBits / 8);
        if (buckets == 0 || bloomWords == 0 || bucketStart + buckets * 4 > table.capacity()) {
            return null;
        }
        long entrySize = symbols.entsize() > 0 ? symbols.entsize() : (is64 ? 24 : 16);
        List<String> defined = new ArrayList<>();
        for (String name : names) {
            long h = hash(name);
            long word = is64 ? table.getLong((int) (16 + 8 * ((h / 64) % bloomWords)))
                    : u32(table, (int) (16 + 4 * ((h / 32) % bloomWords)));
            long mask = (1L << (h % wordBits)) | (1L << ((h >>> bloomShift) % wordBits));
            if ((word & mask) != mask) {
                continue;
            }
            for (long index = u32(table, (int) (bucketStart + 4 * (h % buckets))); index >= symbolOffset && index > 0;
                    index++) {
                long chainAt = bucketStart + 4 * buckets + 4 * (index - symbolOffset);
                if (chainAt + 4 > table.capacity()) {
                    return null;
                }
                long chainHash = u32(table, (int) chainAt);
                if ((chainHash | 1) == (h | 1) && definesFunction(channel, elf, symbols, strings, index * entrySize,
                        name, is64, order)) {
                    defined.add(name);
                    break;
                }
                if ((chainHash & 1) != 0) {
                    break;
                }
            }
        }
        return defined;
    }

    /** The GNU hash function (dl_new_hash). */
    static long hash(String name) {
        long h = 5381;
        for (int i = 0; i < name.length(); i++) {
            h = (h * 33 + name.charAt(i)) & 0xffffffffL;
        }
        return h;
    }

    private static boolean definesFunction(FileChannel channel, ElfFile elf, SectionHeader symbols, SectionHeader strings,
                                           long at, String name, boolean is64, ByteOrder order) throws IOException {
        if (at + (is64 ? 24 : 16) > symbols.size()) {
            return false;
        }
        ByteBuffer symbol = read(channel, elf, symbols.offset() + at, is64 ? 24 : 16, order);
        if (symbol == null) {
            return false;
        }
        int info = symbol.get(is64 ? 4 : 12) & 0xff;
        int section = symbol.getShort(is64 ? 6 : 14) & 0xffff;
        int type = info & 0xf;
        if (section == 0 || (type != STT_FUNC && type != STT_GNU_IFUNC)) {
            return false;
        }
        long nameAt = u32(symbol, 0);
        byte[] expected = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        if (nameAt + expected.length > strings.size()) {
            return false;
        }
        ByteBuffer actual = read(channel, elf, strings.offset() + nameAt, expected.length, order);
        return actual != null && actual.equals(ByteBuffer.wrap(expected));
    }

    private static ByteBuffer read(FileChannel channel, ElfFile elf, long offset, long size, ByteOrder order)
            throws IOException {
        if (offset < 0 || size < 0 || size > Integer.MAX_VALUE || offset + size > elf.size()) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, offset + bytes.position()) < 0) {
                return null;
            }
        }
        return bytes.flip().order(order);
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }
}
