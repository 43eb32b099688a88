package dev.nativepack.core.resolve;

/** How the loader came to an object: which step of its search order (research/elf.md §2.3) found it. */
public enum FoundVia {
    /** The file given to resolve. */
    MAIN("main"),
    /** The program interpreter, already in the namespace before any dependency is searched. */
    INTERPRETER("interpreter"),
    /** A DT_NEEDED name containing a slash, opened as a path. */
    DIRECT("direct"),
    /** DT_RPATH of the requester or one of its loaders, or of the main program. */
    RPATH("rpath"),
    LD_LIBRARY_PATH("LD_LIBRARY_PATH"),
    /** DT_RUNPATH of the requester (never inherited). */
    RUNPATH("runpath"),
    LD_SO_CACHE("ld.so.cache"),
    /** The loader's built-in system directories. */
    SYSTEM_DIR("system directory"),
    /**
     * Loaded by path before the object that needs it (a native a JVM loads ahead of the one whose
     * DT_NEEDED names its SONAME): matched without a search, as the loader matches a name against
     * the SONAMEs of the objects already loaded.
     */
    LOADED_FIRST("loaded first, by path"),
    /** Not on the target: found on this machine, so it has to be brought along (bundled). */
    BUILD_MACHINE("this machine, not on the target");

    private final String label;

    FoundVia(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
