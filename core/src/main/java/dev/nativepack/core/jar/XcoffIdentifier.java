package dev.nativepack.core.jar;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * AIX's XCOFF objects (zstd-jni ships one named {@code .so}, JNA and snappy name theirs
 * {@code .a}) and AIX big archives. Both formats exist only on AIX.
 */
final class XcoffIdentifier {
    private static final int MAGIC_32 = 0x01df;
    private static final int MAGIC_64 = 0x01f7;
    private static final int F_EXEC = 0x0002;
    private static final int F_SHROBJ = 0x2000;
    private static final byte[] BIG_ARCHIVE = "<bigaf>\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private XcoffIdentifier() {
    }

    /**
     * The two-byte magic is weak, so the auxiliary header size must also be one XCOFF writes
     * (0, or 28/72 for 32-bit, 120 for 64-bit objects).
     */
    static boolean matches(byte[] head, int length) {
        if (length < 20) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        int magic = Short.toUnsignedInt(b.getShort(0));
        int auxiliary = Short.toUnsignedInt(b.getShort(16));
        if (magic == MAGIC_32) {
            return auxiliary == 0 || auxiliary == 28 || auxiliary == 72;
        }
        return magic == MAGIC_64 && (auxiliary == 0 || auxiliary == 120);
    }

    static boolean isBigArchive(byte[] head, int length) {
        return length >= BIG_ARCHIVE.length && java.util.Arrays.equals(head, 0, BIG_ARCHIVE.length, BIG_ARCHIVE, 0,
                BIG_ARCHIVE.length);
    }

    static NativeIdentity identify(byte[] head) {
        if (isBigArchive(head, head.length)) {
            return new NativeIdentity(NativeFormat.XCOFF_ARCHIVE, BinaryKind.LIBRARY_ARCHIVE,
                    new NativePlatform("aix", NativePlatform.UNKNOWN, ""),
                    List.of("<bigaf> magic: an AIX big archive (members not read, so the architecture is not told)"));
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        boolean is64 = Short.toUnsignedInt(b.getShort(0)) == MAGIC_64;
        int flags = Short.toUnsignedInt(b.getShort(18));
        BinaryKind kind = (flags & F_SHROBJ) != 0 ? BinaryKind.SHARED_LIBRARY
                : (flags & F_EXEC) != 0 ? BinaryKind.EXECUTABLE : BinaryKind.OBJECT;
        return new NativeIdentity(NativeFormat.XCOFF, kind, new NativePlatform("aix", is64 ? "ppc64" : "ppc", ""),
                List.of("XCOFF magic 0x" + Integer.toHexString(is64 ? MAGIC_64 : MAGIC_32) + " ("
                        + (is64 ? "64" : "32") + "-bit), f_flags 0x" + Integer.toHexString(flags)));
    }
}
