package dev.nativepack.elf;

/** One note entry (from PT_NOTE, or SHT_NOTE sections when there are no program headers). */
public record ElfNote(String owner, long type, byte[] descriptor) {
    public static final long NT_GNU_ABI_TAG = 1;
    public static final long NT_GNU_BUILD_ID = 3;
    public static final long NT_GNU_PROPERTY_TYPE_0 = 5;

    public boolean isGnu(long noteType) {
        return "GNU".equals(owner) && type == noteType;
    }
}
