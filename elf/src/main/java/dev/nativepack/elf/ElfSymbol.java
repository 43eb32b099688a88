package dev.nativepack.elf;

/**
 * One symbol-table entry. {@code versionIndex} is the .gnu.version entry masked with 0x7fff
 * (0 local, 1 global/unversioned, 2+ a version), {@code hiddenVersion} its 0x8000 bit.
 */
public record ElfSymbol(String name, long value, long size, int bind, int type, int visibility, int shndx,
                        int versionIndex, boolean hiddenVersion) {
    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int STB_GNU_UNIQUE = 10;
    public static final int STT_GNU_IFUNC = 10;
    public static final int SHN_UNDEF = 0;

    public boolean isUndefined() {
        return shndx == SHN_UNDEF;
    }

    public boolean isWeak() {
        return bind == STB_WEAK;
    }
}
