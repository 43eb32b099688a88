package dev.nativepack.core.jar;

/** The object-file format of an embedded native, told by its magic bytes, never by its name. */
public enum NativeFormat {
    ELF("ELF"),
    MACH_O("Mach-O"),
    /** A fat (universal) Mach-O: one slice per architecture. */
    MACH_O_UNIVERSAL("Mach-O universal"),
    PE("PE"),
    /** AIX's format; its shared objects often carry a {@code .so} or {@code .a} name. */
    XCOFF("XCOFF"),
    /** AIX's big archive ({@code <bigaf>}), whose members are XCOFF objects. */
    XCOFF_ARCHIVE("AIX big archive");

    private final String label;

    NativeFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
