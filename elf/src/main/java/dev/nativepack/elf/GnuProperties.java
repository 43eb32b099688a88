package dev.nativepack.elf;

/**
 * The decoded NT_GNU_PROPERTY_TYPE_0 note. {@code x86IsaNeeded} is the bit set of
 * GNU_PROPERTY_X86_ISA_1_NEEDED (1 baseline, 2 v2, 4 v3, 8 v4); glibc 2.33+ refuses to load an
 * object whose level the CPU lacks (research/elf.md §6.2).
 */
public record GnuProperties(long x86IsaNeeded, long x86IsaUsed, long x86Features, long aarch64Features) {
    public static final long GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002L;
    public static final long GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002L;
    public static final long GNU_PROPERTY_X86_ISA_1_USED = 0xc0010002L;
    public static final long GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000L;

    public static final GnuProperties NONE = new GnuProperties(0, 0, 0, 0);

    /** The highest x86-64 micro-architecture level the object needs: 0 when it says nothing, 1 baseline, up to 4. */
    public int x86IsaLevel() {
        for (int level = 4; level >= 1; level--) {
            if ((x86IsaNeeded & (1L << (level - 1))) != 0) {
                return level;
            }
        }
        return 0;
    }
}
