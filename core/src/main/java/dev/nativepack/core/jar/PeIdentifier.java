package dev.nativepack.core.jar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** PE (Windows) images: "MZ", then the "PE\0\0" header e_lfanew points to, its machine and characteristics. */
final class PeIdentifier {
    private static final int IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
    private static final int IMAGE_FILE_DLL = 0x2000;

    private PeIdentifier() {
    }

    static boolean hasDosMagic(byte[] head, int length) {
        return length >= 2 && head[0] == 'M' && head[1] == 'Z';
    }

    /** How far the headers this reads reach: the PE header e_lfanew points to. */
    static long headersSize(byte[] b) {
        if (b.length < 64) {
            return 64;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(0x3c)) + 26;
    }

    /** Null when the "MZ" file has no PE header (a DOS program, or data that starts with MZ). */
    static NativeIdentity identify(byte[] b) {
        if (b.length < 64) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long pe = Integer.toUnsignedLong(buf.getInt(0x3c));
        if (pe > b.length - 26 || buf.getInt((int) pe) != 0x00004550) {
            return null;
        }
        int at = (int) pe;
        int machine = Short.toUnsignedInt(buf.getShort(at + 4));
        int characteristics = Short.toUnsignedInt(buf.getShort(at + 22));
        int optionalMagic = Short.toUnsignedInt(buf.getShort(at + 24));
        String arch = machine(machine);
        String bits = optionalMagic == 0x20b ? "PE32+" : optionalMagic == 0x10b ? "PE32" : "PE";
        BinaryKind kind = (characteristics & IMAGE_FILE_DLL) != 0 ? BinaryKind.SHARED_LIBRARY
                : (characteristics & IMAGE_FILE_EXECUTABLE_IMAGE) != 0 ? BinaryKind.EXECUTABLE : BinaryKind.OBJECT;
        return new NativeIdentity(NativeFormat.PE, kind, new NativePlatform("windows", arch, ""),
                List.of(bits + " machine 0x" + Integer.toHexString(machine) + " (" + arch + "), characteristics 0x"
                        + Integer.toHexString(characteristics)));
    }

    private static String machine(int machine) {
        switch (machine) {
            case 0x14c: return "i386";
            case 0x8664: return "x86_64";
            case 0xaa64: return "arm64";
            case 0x1c0: case 0x1c4: return "arm";
            case 0x200: return "ia64";
            default: return NativePlatform.UNKNOWN;
        }
    }
}
