package dev.nativepack.elf;

/** EI_CLASS: the word size of the file's structures. */
public enum ElfClass {
    ELF32(1), ELF64(2);

    private final int code;

    ElfClass(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ElfClass of(int code) {
        for (ElfClass c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
