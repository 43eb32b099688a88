package dev.nativepack.core.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Sets the DOS date and time of every entry of a freshly written zip, in the central directory
 * and in each local header. Commons Compress converts an entry's time to DOS fields in the
 * JVM's default time zone, and in a zone with a daylight-saving gap some wall times cannot be
 * reached from any instant; writing the fields directly makes them the UTC calendar fields of
 * the timestamp on every machine.
 */
final class DosTimes {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long MAGIC32 = 0xFFFFFFFFL;

    private DosTimes() {
    }

    static void stamp(FileChannel channel, int dosTime, int dosDate) throws IOException {
        long size = channel.size();
        ByteBuffer end = read(channel, size - 22, 22);
        if (end.getInt(0) != EOCD || u16(end, 20) != 0) {
            throw new IOException("the zip written has no end-of-central-directory record where expected");
        }
        long count = u16(end, 10);
        long cdSize = u32(end, 12);
        long cdOffset = u32(end, 16);
        if (size >= 22 + 20) {
            ByteBuffer locator = read(channel, size - 22 - 20, 20);
            if (locator.getInt(0) == ZIP64_LOCATOR) {
                ByteBuffer zip64 = read(channel, locator.getLong(8), 56);
                if (zip64.getInt(0) != ZIP64_EOCD) {
                    throw new IOException("the zip written has a damaged zip64 end-of-central-directory record");
                }
                count = zip64.getLong(32);
                cdSize = zip64.getLong(40);
                cdOffset = zip64.getLong(48);
            }
        }
        if (cdSize > Integer.MAX_VALUE - 16) {
            throw new IOException("central directory too large: " + cdSize + " bytes");
        }
        ByteBuffer cd = read(channel, cdOffset, (int) cdSize);
        ByteBuffer stamp = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        stamp.putShort(0, (short) dosTime).putShort(2, (short) dosDate);
        int pos = 0;
        for (long i = 0; i < count; i++) {
            if (pos + 46 > cdSize || cd.getInt(pos) != CENTRAL) {
                throw new IOException("central directory record " + i + " of the zip written is damaged");
            }
            cd.putShort(pos + 12, (short) dosTime).putShort(pos + 14, (short) dosDate);
            int nameLength = u16(cd, pos + 28);
            int extraLength = u16(cd, pos + 30);
            int commentLength = u16(cd, pos + 32);
            long local = u32(cd, pos + 42);
            if (local == MAGIC32) {
                local = zip64Offset(cd, pos, pos + 46 + nameLength, extraLength);
            }
            if (read(channel, local, 4).getInt(0) != LOCAL) {
                throw new IOException("no local header at offset " + local + " of the zip written");
            }
            write(channel, stamp.duplicate().order(ByteOrder.LITTLE_ENDIAN), local + 10);
            pos += 46 + nameLength + extraLength + commentLength;
        }
        if (pos != cdSize) {
            throw new IOException("central directory of the zip written has " + (cdSize - pos) + " unexpected bytes");
        }
        cd.clear();
        write(channel, cd, cdOffset);
    }

    /** The local header offset from a zip64 extended-information extra field. */
    private static long zip64Offset(ByteBuffer cd, int record, int extra, int extraLength) throws IOException {
        int p = extra;
        while (p + 4 <= extra + extraLength) {
            int id = u16(cd, p);
            int length = u16(cd, p + 2);
            if (id == 0x0001) {
                int field = p + 4;
                if (u32(cd, record + 24) == MAGIC32) {
                    field += 8;
                }
                if (u32(cd, record + 20) == MAGIC32) {
                    field += 8;
                }
                if (field + 8 > p + 4 + length) {
                    break;
                }
                return cd.getLong(field);
            }
            p += 4 + length;
        }
        throw new IOException("a central directory record of the zip written lacks its zip64 offset");
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        if (position < 0 || position + length > channel.size()) {
            throw new IOException("offset " + position + " is outside the zip written");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("the zip written ends early");
            }
        }
        return b;
    }

    private static void write(FileChannel channel, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
