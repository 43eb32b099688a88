package dev.nativepack.core.runtimedata;

/** Where the knowledge of a need came from, in the order they are consulted. */
public enum NeedSource {
    /** The package manager's file lists: the library's package, or a package of the same software it depends on. */
    DPKG("dpkg"),
    /** The built-in table of well-known libraries ({@code runtime-data.json}). */
    TABLE("table"),
    /** An absolute path compiled into the file's read-only data. */
    STRINGS("strings");

    private final String label;

    NeedSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
