package dev.nativepack.elf;

/** What the file is to the loader, derived from e_type, PT_INTERP, PT_DYNAMIC and DF_1_PIE (research/elf.md §1). */
public enum ObjectKind {
    RELOCATABLE("relocatable object"),
    EXECUTABLE("executable"),
    PIE_EXECUTABLE("position-independent executable"),
    STATIC_EXECUTABLE("static executable"),
    STATIC_PIE_EXECUTABLE("static position-independent executable"),
    SHARED_LIBRARY("shared library"),
    CORE("core dump"),
    UNKNOWN("unknown");

    private final String description;

    ObjectKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean isExecutable() {
        return this == EXECUTABLE || this == PIE_EXECUTABLE || this == STATIC_EXECUTABLE
                || this == STATIC_PIE_EXECUTABLE;
    }
}
