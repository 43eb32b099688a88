package dev.nativepack.elf.strip;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The contents of a .gnu_debuglink section, as objcopy --add-gnu-debuglink writes them: the debug
 * file's name, a NUL, zero padding to a multiple of 4, then the CRC-32 of the whole debug file in
 * the file's byte order. GDB's gnu_debuglink_crc32 is the standard (zlib, IEEE) CRC-32
 * (research/elf.md §5.1).
 */
public final class GnuDebugLink {
    private GnuDebugLink() {
    }

    public static long crc32(byte[] debugFile) {
        CRC32 crc = new CRC32();
        crc.update(debugFile);
        return crc.getValue();
    }

    public static byte[] contents(String debugFileName, byte[] debugFile, ByteOrder order) {
        byte[] name = debugFileName.getBytes(StandardCharsets.UTF_8);
        int padded = (name.length + 1 + 3) & ~3;
        byte[] out = new byte[padded + 4];
        System.arraycopy(name, 0, out, 0, name.length);
        long crc = crc32(debugFile);
        for (int i = 0; i < 4; i++) {
            int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : 3 - i);
            out[padded + i] = (byte) (crc >>> shift);
        }
        return out;
    }
}
