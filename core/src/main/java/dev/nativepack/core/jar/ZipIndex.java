package dev.nativepack.core.jar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A zip's central directory, read as it is stored: names, methods, sizes, CRCs and where each
 * entry's local record starts, with ZIP64 fields. It reads about 60 bytes per entry and converts
 * nothing (no time stamps, no extra fields), because opening is most of what a scan of many
 * small jars costs; the raw records stay available so that pruning can copy them verbatim.
 * Inconsistent offsets (entries that overlap, run past the central directory or out of the
 * file) are refused.
 */
final class ZipIndex {
    static final int LOCAL = 0x04034b50;
    static final int CENTRAL = 0x02014b50;
    static final int END = 0x06054b50;
    static final int ZIP64_END = 0x06064b50;
    static final int ZIP64_LOCATOR = 0x07064b50;
    static final long MAGIC32 = 0xffffffffL;
    static final int FLAG_ENCRYPTED = 1;
    static final int FLAG_DESCRIPTOR = 8;
    private static final int MAX_COMMENT = 0xffff;

    /** Where a zip's bytes are: a file, or a nested jar in memory. */
    interface Bytes {
        long size();

        void read(long position, ByteBuffer into) throws IOException;

        /**
         * A file, mapped: reading the first bytes of thousands of small entries is a copy from
         * the page cache instead of two system calls each. A jar over 2 GiB is refused (no
         * platform takes a deployment package that large).
         */
        static Bytes of(FileChannel channel) throws IOException {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("larger than 2 GiB (" + size + " bytes), which is not supported");
            }
            return of(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }

        static Bytes of(byte[] bytes) {
            return of(ByteBuffer.wrap(bytes));
        }

        /** Reads are absolute, so several threads may read at once. */
        private static Bytes of(ByteBuffer buffer) {
            int size = buffer.limit();
            return new Bytes() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public void read(long position, ByteBuffer into) throws IOException {
                    int n = into.remaining();
                    if (position < 0 || position + n > size) {
                        throw new IOException("unexpected end of data at offset " + position);
                    }
                    into.put(into.position(), buffer, (int) position, n);
                    into.position(into.position() + n);
                }
            };
        }
    }

    /**
     * One entry.
     *
     * @param name          as stored (UTF-8)
     * @param flags         general-purpose bits
     * @param method        0 stored, 8 deflated, ...
     * @param crc           CRC-32 of the content
     * @param compressedSize bytes of data in the zip
     * @param size          bytes of content
     * @param localOffset   where its local header starts
     * @param central       its central-directory record, raw (for verbatim copies)
     */
    record Entry(String name, int flags, int method, long crc, long compressedSize, long size, long localOffset,
                 byte[] central) {
        boolean isDirectory() {
            return name.endsWith("/");
        }

        boolean encrypted() {
            return (flags & FLAG_ENCRYPTED) != 0;
        }
    }

    private final Bytes bytes;
    private final List<Entry> entries;
    private final List<Entry> physical;
    private final long centralOffset;
    private final byte[] endRecords;
    private final boolean zip64;

    private ZipIndex(Bytes bytes, List<Entry> entries, long centralOffset, byte[] endRecords, boolean zip64) {
        this.bytes = bytes;
        this.entries = List.copyOf(entries);
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::localOffset));
        this.physical = List.copyOf(sorted);
        this.centralOffset = centralOffset;
        this.endRecords = endRecords;
        this.zip64 = zip64;
    }

    /** Entries in central-directory order. */
    List<Entry> entries() {
        return entries;
    }

    /** Entries in the order their data is stored. */
    List<Entry> physicalOrder() {
        return physical;
    }

    long size() {
        return bytes.size();
    }

    /** Where the first local record starts: what comes before it (a launch script) is kept by copies. */
    long firstRecord() {
        return physical.isEmpty() ? centralOffset : physical.get(0).localOffset();
    }

    long centralOffset() {
        return centralOffset;
    }

    boolean zip64() {
        return zip64;
    }

    /** The end-of-central-directory record(s) as stored, comment included. */
    byte[] endRecords() {
        return endRecords;
    }

    /** Where an entry's data starts, after its local header. */
    long dataOffset(Entry e) throws IOException {
        ByteBuffer h = read(e.localOffset(), 30);
        if (h.getInt(0) != LOCAL) {
            throw new IOException("entry " + e.name() + " has no local header at offset " + e.localOffset());
        }
        long data = e.localOffset() + 30 + u16(h, 26) + u16(h, 28);
        if (data + e.compressedSize() > centralOffset) {
            throw new IOException("entry " + e.name() + " runs into the central directory");
        }
        return data;
    }

    /** The entry's stored (compressed) bytes. */
    InputStream raw(Entry e) throws IOException {
        long start = dataOffset(e);
        long end = start + e.compressedSize();
        return new InputStream() {
            private long at = start;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - at);
                bytes.read(at, ByteBuffer.wrap(b, off, n));
                at += n;
                return n;
            }
        };
    }

    ByteBuffer read(long position, int length) throws IOException {
        if (position < 0 || position + length > bytes.size()) {
            throw new IOException("offset " + position + " is outside the file (" + bytes.size() + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.read(position, b);
        b.flip();
        return b;
    }

    static ZipIndex read(String display, Bytes bytes) throws JarInputException {
        try {
            return parse(bytes);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new JarInputException(display + ": not a readable jar or zip (truncated or damaged: " + why + ")", e);
        }
    }

    private static ZipIndex parse(Bytes bytes) throws IOException {
        long size = bytes.size();
        int tail = (int) Math.min(size, 22 + MAX_COMMENT);
        if (size < 22) {
            throw new IOException("too short for a zip (" + size + " bytes)");
        }
        ByteBuffer t = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
        bytes.read(size - tail, t);
        int end = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (t.getInt(i) == END && i + 22 + u16(t, i + 20) == tail) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IOException("no end-of-central-directory record");
        }
        long endAt = size - tail + end;
        long count = u16(t, end + 10);
        long cdSize = u32(t, end + 12);
        long cdOffset = u32(t, end + 16);
        long recordsStart = endAt;
        boolean zip64 = false;
        if (endAt >= 20) {
            ByteBuffer loc = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            bytes.read(endAt - 20, loc);
            if (loc.getInt(0) == ZIP64_LOCATOR) {
                long z = loc.getLong(8);
                ByteBuffer z64 = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
                if (z < 0 || z + 56 > endAt - 20) {
                    throw new IOException("damaged ZIP64 locator");
                }
                bytes.read(z, z64);
                if (z64.getInt(0) != ZIP64_END) {
                    throw new IOException("no ZIP64 end record where the locator points");
                }
                count = z64.getLong(32);
                cdSize = z64.getLong(40);
                cdOffset = z64.getLong(48);
                recordsStart = z;
                zip64 = true;
            }
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > recordsStart || cdSize > Integer.MAX_VALUE - 8) {
            throw new IOException("the central directory lies outside the file");
        }
        ByteBuffer cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
        bytes.read(cdOffset, cd);
        List<Entry> entries = new ArrayList<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cdSize || cd.getInt(p) != CENTRAL) {
                throw new IOException("central directory record " + i + " is damaged");
            }
            int nameLength = u16(cd, p + 28);
            int extraLength = u16(cd, p + 30);
            int commentLength = u16(cd, p + 32);
            int length = 46 + nameLength + extraLength + commentLength;
            if (p + length > cdSize) {
                throw new IOException("central directory record " + i + " runs past the directory");
            }
            long csize = u32(cd, p + 20);
            long usize = u32(cd, p + 24);
            long local = u32(cd, p + 42);
            if (csize == MAGIC32 || usize == MAGIC32 || local == MAGIC32) {
                long[] z = zip64Values(cd, p + 46 + nameLength, extraLength, usize == MAGIC32, csize == MAGIC32,
                        local == MAGIC32);
                usize = usize == MAGIC32 ? z[0] : usize;
                csize = csize == MAGIC32 ? z[1] : csize;
                local = local == MAGIC32 ? z[2] : local;
            }
            byte[] nameBytes = new byte[nameLength];
            cd.get(p + 46, nameBytes);
            byte[] raw = new byte[length];
            cd.get(p, raw);
            if (local < 0 || csize < 0 || local + 30 + csize > cdOffset) {
                throw new IOException("entry " + new String(nameBytes, StandardCharsets.UTF_8)
                        + " lies outside the data area");
            }
            entries.add(new Entry(new String(nameBytes, StandardCharsets.UTF_8), u16(cd, p + 8), u16(cd, p + 10),
                    u32(cd, p + 16), csize, usize, local, raw));
            p += length;
        }
        ByteBuffer endBytes = ByteBuffer.allocate((int) (size - recordsStart));
        bytes.read(recordsStart, endBytes);
        ZipIndex index = new ZipIndex(bytes, entries, cdOffset, endBytes.array(), zip64);
        index.checkOverlaps();
        return index;
    }

    /** Two entries sharing data ("zip bombs" of overlapping records) are refused. */
    private void checkOverlaps() throws IOException {
        for (int i = 1; i < physical.size(); i++) {
            Entry before = physical.get(i - 1);
            if (physical.get(i).localOffset() < before.localOffset() + 30 + before.compressedSize()) {
                throw new IOException("entries " + before.name() + " and " + physical.get(i).name() + " overlap");
            }
        }
    }

    /** The ZIP64 extra field's values, in the order the fields that overflowed appear. */
    private static long[] zip64Values(ByteBuffer b, int start, int length, boolean size, boolean csize, boolean local)
            throws IOException {
        int p = start;
        while (p + 4 <= start + length) {
            int id = u16(b, p);
            int len = u16(b, p + 2);
            if (id == 0x0001) {
                long[] out = new long[3];
                int at = p + 4;
                int stop = p + 4 + len;
                if (size) {
                    out[0] = at + 8 <= stop ? b.getLong(at) : -1;
                    at += 8;
                }
                if (csize) {
                    out[1] = at + 8 <= stop ? b.getLong(at) : -1;
                    at += 8;
                }
                if (local) {
                    out[2] = at + 8 <= stop ? b.getLong(at) : -1;
                }
                return out;
            }
            p += 4 + len;
        }
        throw new IOException("a ZIP64 size or offset without its extra field");
    }

    static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
