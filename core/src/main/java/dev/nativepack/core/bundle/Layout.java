package dev.nativepack.core.bundle;

import java.util.Locale;

/** Where a bundle puts programs and libraries, and the search path that makes its libraries win. */
public enum Layout {
    /** A custom runtime: the entry as {@code bootstrap} at the root, libraries in {@code lib/}. */
    FUNCTION("", "lib/", "$ORIGIN/lib"),
    /** Helper executables of a managed runtime: {@code bin/} and {@code lib/} under the task root. */
    HELPER("bin/", "lib/", "$ORIGIN/../lib"),
    /** A layer: {@code bin/} and {@code lib/}, unpacked at /opt/bin and /opt/lib; no symbolic links. */
    LAYER("bin/", "lib/", "$ORIGIN/../lib"),
    /** The function layout written as a plain directory. */
    DIR("", "lib/", "$ORIGIN/lib"),
    /**
     * A layer for a Python runtime: a site-packages tree under {@code python/} (on the runtime's
     * sys.path as /opt/python), the native closure of its extension modules in {@code lib/}, programs
     * in {@code bin/}; no symbolic links.
     */
    PYTHON("bin/", "lib/", "$ORIGIN/../lib");

    private final String programDir;
    private final String libraryDir;
    private final String entryRpath;

    Layout(String programDir, String libraryDir, String entryRpath) {
        this.programDir = programDir;
        this.libraryDir = libraryDir;
        this.entryRpath = entryRpath;
    }

    /** The archive path of the {@code index}-th entry program. */
    public String programPath(int index, String fileName) {
        if ((this == FUNCTION || this == DIR) && index == 0) {
            return "bootstrap";
        }
        return (programDir.isEmpty() ? "bin/" : programDir) + fileName;
    }

    public String libraryPath(String soname) {
        return libraryDir + soname;
    }

    /** DT_RPATH for an entry program at {@link #programPath}. */
    public String entryRpath(int index) {
        if ((this == FUNCTION || this == DIR) && index > 0) {
            return "$ORIGIN/../lib";
        }
        return entryRpath;
    }

    /** Unpacked at the layer root; Lambda refuses symbolic links in layers. */
    public boolean isLayer() {
        return this == LAYER || this == PYTHON;
    }

    /** Where a tree given as input goes ({@code python/} for the Python layout), or null where trees are not taken. */
    public String treeDirectory() {
        return this == PYTHON ? "python/" : null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Layout parse(String text) {
        for (Layout l : values()) {
            if (l.label().equalsIgnoreCase(text)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout \"" + text + "\" (expected function, helper, layer, python or dir)");
    }
}
