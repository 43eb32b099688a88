package dev.nativepack.core.jar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Mach-O files, thin and universal: the CPU type from the header, the kind from its file type,
 * and the Apple platform from LC_BUILD_VERSION or LC_VERSION_MIN_* (darwin when neither says).
 */
final class MachOIdentifier {
    static final int FAT_MAGIC = 0xcafebabe;
    static final int FAT_MAGIC_64 = 0xcafebabf;
    /** Java class files share FAT_MAGIC; their next word is the class version, 45 or more. */
    static final int MAX_FAT_SLICES = 44;
    private static final int LC_BUILD_VERSION = 0x32;
    private static final int LC_VERSION_MIN_MACOSX = 0x24;
    private static final int LC_VERSION_MIN_IPHONEOS = 0x25;
    private static final int LC_VERSION_MIN_TVOS = 0x2f;
    private static final int LC_VERSION_MIN_WATCHOS = 0x30;

    private MachOIdentifier() {
    }

    /** The byte order of a thin Mach-O header, or null when the magic is not one. */
    static ByteOrder thinOrder(byte[] b) {
        if (b.length < 4) {
            return null;
        }
        int be = ByteBuffer.wrap(b).getInt(0);
        if (be == 0xfeedface || be == 0xfeedfacf) {
            return ByteOrder.BIG_ENDIAN;
        }
        if (be == 0xcefaedfe || be == 0xcffaedfe) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        return null;
    }

    /** The header and load commands' size (sizeofcmds after the 28 or 32 byte header). */
    static long headerAndCommandsSize(byte[] b) {
        if (b.length < 32) {
            return b.length;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(thinOrder(b));
        return ((buf.getInt(0) & 1) == 1 ? 32 : 28) + Integer.toUnsignedLong(buf.getInt(20));
    }

    static boolean isFat(byte[] b, int length) {
        if (length < 8) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int magic = buf.getInt(0);
        int slices = buf.getInt(4);
        return (magic == FAT_MAGIC || magic == FAT_MAGIC_64) && slices > 0 && slices <= MAX_FAT_SLICES;
    }

    /** A thin file at {@code offset}; null when it is not one or its header is cut off. */
    static NativeIdentity thin(byte[] b, int offset, int length) {
        if (length < 32 || offset < 0 || offset > b.length - 32) {
            return null;
        }
        byte[] magic = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
        ByteOrder order = thinOrder(magic);
        if (order == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, offset, length).slice().order(order);
        boolean is64 = (buf.getInt(0) & 1) == 1;
        int cpu = buf.getInt(4);
        int fileType = buf.getInt(12);
        int commands = buf.getInt(16);
        List<String> evidence = new ArrayList<>();
        String arch = cpu(cpu);
        evidence.add("Mach-O cputype 0x" + Integer.toHexString(cpu) + " (" + arch + "), filetype " + fileType);
        String os = platform(buf, is64 ? 32 : 28, commands, evidence);
        return new NativeIdentity(NativeFormat.MACH_O, kind(fileType), new NativePlatform(os, arch, ""), evidence);
    }

    /** A universal file: every slice read; the architectures joined with "+". */
    static NativeIdentity fat(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        boolean wide = buf.getInt(0) == FAT_MAGIC_64;
        int slices = buf.getInt(4);
        int entry = wide ? 32 : 20;
        if (8L + (long) slices * entry > b.length) {
            return null;
        }
        Set<String> arches = new LinkedHashSet<>();
        Set<String> systems = new LinkedHashSet<>();
        List<String> evidence = new ArrayList<>();
        BinaryKind kind = null;
        for (int i = 0; i < slices; i++) {
            int at = 8 + i * entry;
            long offset = wide ? buf.getLong(at + 8) : Integer.toUnsignedLong(buf.getInt(at + 8));
            long size = wide ? buf.getLong(at + 16) : Integer.toUnsignedLong(buf.getInt(at + 12));
            if (offset < 0 || size < 0 || offset + size > b.length) {
                return null;
            }
            NativeIdentity slice = thin(b, (int) offset, (int) size);
            if (slice == null) {
                return null;
            }
            arches.add(slice.platform().architecture());
            systems.add(slice.platform().os());
            kind = kind == null ? slice.kind() : kind;
            evidence.add("slice " + i + ": " + String.join("; ", slice.evidence()));
        }
        String os = systems.size() == 1 ? systems.iterator().next() : NativePlatform.UNKNOWN;
        if (systems.size() > 1) {
            evidence.add("slices for different platforms: " + String.join(", ", systems));
        }
        return new NativeIdentity(NativeFormat.MACH_O_UNIVERSAL, kind == null ? BinaryKind.OTHER : kind,
                new NativePlatform(os, String.join("+", arches), ""), evidence);
    }

    private static String platform(ByteBuffer buf, int start, int commands, List<String> evidence) {
        int at = start;
        for (int i = 0; i < commands && at >= 0 && at + 8 <= buf.limit(); i++) {
            int cmd = buf.getInt(at);
            int size = buf.getInt(at + 4);
            if (cmd == LC_BUILD_VERSION && at + 12 <= buf.limit()) {
                int platform = buf.getInt(at + 8);
                evidence.add("LC_BUILD_VERSION platform " + platform);
                return buildPlatform(platform);
            }
            String min = cmd == LC_VERSION_MIN_MACOSX ? "macos" : cmd == LC_VERSION_MIN_IPHONEOS ? "ios"
                    : cmd == LC_VERSION_MIN_TVOS ? "tvos" : cmd == LC_VERSION_MIN_WATCHOS ? "watchos" : null;
            if (min != null) {
                evidence.add("LC_VERSION_MIN for " + min);
                return min;
            }
            if (size < 8) {
                break;
            }
            at += size;
        }
        evidence.add("no platform load command: an Apple platform, not said which");
        return "darwin";
    }

    private static String buildPlatform(int platform) {
        switch (platform) {
            case 1: return "macos";
            case 2: case 6: case 7: return "ios";
            case 3: case 8: return "tvos";
            case 4: case 9: return "watchos";
            default: return "darwin";
        }
    }

    private static String cpu(int cpu) {
        switch (cpu) {
            case 7: return "i386";
            case 0x01000007: return "x86_64";
            case 12: return "arm";
            case 0x0100000c: return "arm64";
            case 0x0200000c: return "arm64_32";
            case 18: return "ppc";
            case 0x01000012: return "ppc64";
            default: return NativePlatform.UNKNOWN;
        }
    }

    private static BinaryKind kind(int fileType) {
        switch (fileType) {
            case 1: return BinaryKind.OBJECT;
            case 2: return BinaryKind.EXECUTABLE;
            case 4: return BinaryKind.CORE;
            case 6: case 8: case 9: return BinaryKind.SHARED_LIBRARY;
            case 10: return BinaryKind.DEBUG_SYMBOLS;
            default: return BinaryKind.OTHER;
        }
    }
}
