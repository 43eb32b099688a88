package dev.nativepack.core.jar;

/**
 * Tells embedded natives by their magic bytes (ELF, Mach-O thin and universal, PE, XCOFF and AIX
 * big archives), never by their names: extensions lie (research/java.md §1.1: an XCOFF
 * {@code .so}, {@code .a} and {@code .jnilib} libraries).
 */
public final class NativeIdentifier {
    /** How many leading bytes {@link #mayBeNative} needs (and an ELF header, for pruning's quick decision). */
    public static final int HEAD_BYTES = 64;

    private NativeIdentifier() {
    }

    /**
     * A cheap first test on the first {@link #HEAD_BYTES} bytes (fewer when the file is shorter):
     * false means certainly not a native; true means {@link #identify} should read the whole.
     */
    public static boolean mayBeNative(byte[] head, int length) {
        if (length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return true;
        }
        if (length >= 4 && MachOIdentifier.thinOrder(head) != null) {
            return true;
        }
        return MachOIdentifier.isFat(head, length) || PeIdentifier.hasDosMagic(head, length)
                || XcoffIdentifier.matches(head, length) || XcoffIdentifier.isBigArchive(head, length);
    }

    /**
     * What the file is, or null when it is not a native after all (data that starts like one).
     *
     * @param path where it is (in a jar, the entry's path): only used to tell musl from bionic
     *             when the file itself cannot, and in messages
     */
    public static NativeIdentity identify(String path, byte[] bytes) {
        try {
            return identify(path, NativeSource.of(bytes));
        } catch (JarInputException e) {
            throw new IllegalStateException("bytes in memory cannot fail to be read", e);
        }
    }

    /** As {@link #identify(String, byte[])}, reading only the headers of the file where it can. */
    static NativeIdentity identify(String path, NativeSource source) throws JarInputException {
        byte[] head = source.upTo(FIRST_READ);
        int n = head.length;
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return ElfIdentifier.identify(path, source, head);
        }
        if (MachOIdentifier.thinOrder(head) != null) {
            long commands = MachOIdentifier.headerAndCommandsSize(head);
            byte[] b = commands > n && n < source.size() ? source.upTo(commands) : head;
            return MachOIdentifier.thin(b, 0, b.length);
        }
        if (MachOIdentifier.isFat(head, n)) {
            return MachOIdentifier.fat(source.upTo(Long.MAX_VALUE));
        }
        if (PeIdentifier.hasDosMagic(head, n)) {
            long headers = PeIdentifier.headersSize(head);
            return PeIdentifier.identify(headers > n && n < source.size() ? source.upTo(headers) : head);
        }
        if (XcoffIdentifier.matches(head, n) || XcoffIdentifier.isBigArchive(head, n)) {
            return XcoffIdentifier.identify(head);
        }
        return null;
    }

    /** Enough for the headers of Mach-O, PE and XCOFF files; an ELF file is read on to its dynamic section. */
    static final int FIRST_READ = 8 * 1024;
}
