package dev.nativepack.core.jar;

/**
 * What an embedded native is to a loader. Only loadable code (libraries, programs) and debug
 * symbols belong to one platform and are pruned for others; a relocatable object or a core dump
 * in a jar is data some library reads (a test fixture, a sample), and is always kept.
 */
public enum BinaryKind {
    SHARED_LIBRARY("shared library", true),
    EXECUTABLE("executable", true),
    DEBUG_SYMBOLS("debug symbols", true),
    /** An AIX big archive: AIX keeps shared objects in archives, and only AIX reads the format. */
    LIBRARY_ARCHIVE("library archive", true),
    OBJECT("relocatable object", false),
    CORE("core dump", false),
    OTHER("other", false);

    private final String label;
    private final boolean platformCode;

    BinaryKind(String label, boolean platformCode) {
        this.label = label;
        this.platformCode = platformCode;
    }

    public String label() {
        return label;
    }

    /** Whether it is code for one platform, useless on any other (so pruning may drop it). */
    public boolean platformCode() {
        return platformCode;
    }
}
