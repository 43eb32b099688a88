package dev.nativepack.core.jar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip as another one is, less some entries: what precedes the first entry (a launch
 * script), every kept entry's local record (header, data, data descriptor) and central-directory
 * record are copied byte for byte in their order, with only the offsets that moved rewritten;
 * nothing is decompressed or recompressed. An entry given new content (a nested jar that was
 * pruned) keeps its header fields but the sizes and CRC, and its compression method: a STORED
 * nested jar stays STORED, as Spring Boot's loader requires.
 */
final class ZipCopy {
    private static final int COPY_CHUNK = 1 << 20;

    /** New content for an entry: its bytes, stored or deflated as the entry was. */
    static final class Replacement {
        final byte[] content;
        final byte[] data;
        final long crc;

        Replacement(byte[] content, int method) {
            this.content = content;
            CRC32 c = new CRC32();
            c.update(content);
            this.crc = c.getValue();
            this.data = method == 0 ? content : deflate(content);
        }

        private static byte[] deflate(byte[] content) {
            Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                d.setInput(content);
                d.finish();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length / 2 + 64);
                byte[] buf = new byte[1 << 16];
                while (!d.finished()) {
                    out.write(buf, 0, d.deflate(buf));
                }
                return out.toByteArray();
            } finally {
                d.end();
            }
        }
    }

    private ZipCopy() {
    }

    /** @return the bytes written */
    static long write(ZipIndex index, Set<ZipIndex.Entry> dropped, Map<ZipIndex.Entry, Replacement> replaced,
                      WritableByteChannel out) throws IOException {
        Sink sink = new Sink(out);
        copy(index, 0, index.firstRecord(), sink);
        List<ZipIndex.Entry> physical = index.physicalOrder();
        Map<ZipIndex.Entry, Long> moved = new HashMap<>();
        for (int i = 0; i < physical.size(); i++) {
            ZipIndex.Entry e = physical.get(i);
            long end = i + 1 < physical.size() ? physical.get(i + 1).localOffset() : index.centralOffset();
            if (dropped.contains(e)) {
                continue;
            }
            moved.put(e, sink.written);
            Replacement r = replaced.get(e);
            if (r == null) {
                copy(index, e.localOffset(), end, sink);
            } else {
                long data = index.dataOffset(e);
                ByteBuffer header = index.read(e.localOffset(), (int) (data - e.localOffset()));
                byte[] h = header.array();
                patchSizes(h, 6, 14, 18, 22, 26, 28, 30, r.crc, r.data.length, r.content.length);
                sink.write(h);
                sink.write(r.data);
            }
        }
        long centralStart = sink.written;
        long count = 0;
        for (ZipIndex.Entry e : index.entries()) {
            if (dropped.contains(e)) {
                continue;
            }
            byte[] c = e.central().clone();
            Replacement r = replaced.get(e);
            if (r != null) {
                patchSizes(c, 8, 16, 20, 24, 28, 30, 46, r.crc, r.data.length, r.content.length);
            }
            patchLocalOffset(c, moved.get(e));
            sink.write(c);
            count++;
        }
        sink.write(endRecords(index, count, sink.written - centralStart, centralStart));
        return sink.written;
    }

    private static void copy(ZipIndex index, long from, long to, Sink sink) throws IOException {
        for (long at = from; at < to; at += COPY_CHUNK) {
            int n = (int) Math.min(COPY_CHUNK, to - at);
            sink.write(index.read(at, n));
        }
    }

    /**
     * New CRC and sizes in a local or central header (the offsets of the fields differ), the
     * data-descriptor flag cleared as the sizes are now in the header; sizes that were in the
     * ZIP64 extra field are written there.
     */
    private static void patchSizes(byte[] h, int flagsAt, int crcAt, int csizeAt, int sizeAt, int nameAt, int extraAt,
                                   int fixed, long crc, long csize, long size) {
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(flagsAt, (short) (b.getShort(flagsAt) & ~ZipIndex.FLAG_DESCRIPTOR));
        b.putInt(crcAt, (int) crc);
        boolean wideSize = ZipIndex.u32(b, sizeAt) == ZipIndex.MAGIC32;
        boolean wideCsize = ZipIndex.u32(b, csizeAt) == ZipIndex.MAGIC32;
        if (wideSize || wideCsize) {
            int extra = fixed + ZipIndex.u16(b, nameAt);
            int field = zip64Field(b, extra, ZipIndex.u16(b, extraAt));
            if (field >= 0 && wideSize) {
                b.putLong(field, size);
                field += 8;
            }
            if (field >= 0 && wideCsize) {
                b.putLong(field, csize);
            }
        }
        if (!wideCsize) {
            b.putInt(csizeAt, (int) csize);
        }
        if (!wideSize) {
            b.putInt(sizeAt, (int) size);
        }
    }

    private static void patchLocalOffset(byte[] c, long offset) {
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        if (ZipIndex.u32(b, 42) != ZipIndex.MAGIC32) {
            if (offset >= ZipIndex.MAGIC32) {
                throw new IllegalStateException("an offset past 4 GiB in a zip without ZIP64 records");
            }
            b.putInt(42, (int) offset);
            return;
        }
        int field = zip64Field(b, 46 + ZipIndex.u16(b, 28), ZipIndex.u16(b, 30));
        if (ZipIndex.u32(b, 24) == ZipIndex.MAGIC32) {
            field += 8;
        }
        if (ZipIndex.u32(b, 20) == ZipIndex.MAGIC32) {
            field += 8;
        }
        b.putLong(field, offset);
    }

    /** Where the values of the ZIP64 extra field start, or -1. */
    private static int zip64Field(ByteBuffer b, int start, int length) {
        int p = start;
        while (p + 4 <= start + length) {
            if (ZipIndex.u16(b, p) == 0x0001) {
                return p + 4;
            }
            p += 4 + ZipIndex.u16(b, p + 2);
        }
        return -1;
    }

    /** The input's end records (ZIP64 ones too, and the comment) with the new count, size and offset. */
    private static byte[] endRecords(ZipIndex index, long count, long size, long offset) {
        byte[] end = index.endRecords().clone();
        ByteBuffer b = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = 0;
        if (index.zip64()) {
            int zip64Size = (int) (12 + b.getLong(4));
            b.putLong(24, count).putLong(32, count).putLong(40, size).putLong(48, offset);
            int locator = zip64Size;
            b.putLong(locator + 8, offset + size);
            eocd = locator + 20;
        }
        putCapped16(b, eocd + 8, count);
        putCapped16(b, eocd + 10, count);
        putCapped32(b, eocd + 12, size);
        putCapped32(b, eocd + 16, offset);
        return end;
    }

    private static void putCapped16(ByteBuffer b, int at, long value) {
        if (ZipIndex.u16(b, at) != 0xffff || value < 0xffff) {
            b.putShort(at, (short) Math.min(value, 0xffff));
        }
    }

    private static void putCapped32(ByteBuffer b, int at, long value) {
        if (ZipIndex.u32(b, at) != ZipIndex.MAGIC32 || value < ZipIndex.MAGIC32) {
            b.putInt(at, (int) Math.min(value, ZipIndex.MAGIC32));
        }
    }

    /** Counts what it writes. */
    private static final class Sink {
        private final WritableByteChannel out;
        long written;

        Sink(WritableByteChannel out) {
            this.out = out;
        }

        void write(byte[] bytes) throws IOException {
            write(ByteBuffer.wrap(bytes));
        }

        void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                written += out.write(b);
            }
        }
    }
}
