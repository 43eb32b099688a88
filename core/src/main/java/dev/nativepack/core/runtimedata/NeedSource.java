package dev.nativepack.core.runtimedata;

import dev.nativepack.core.packages.PackageDatabase;

/** Where the knowledge of a need came from, in the order they are consulted. */
public enum NeedSource {
    /** The package manager's file lists: the library's package, or a package of the same software it depends on. */
    DPKG("dpkg"),
    /** The same from rpm's database, on a root that has one and no dpkg. */
    RPM("rpm"),
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

    /** A package manager's: what a library's package installs. */
    public boolean packageManager() {
        return this == DPKG || this == RPM;
    }

    /** The source a package database's answers are evidence of. */
    public static NeedSource of(PackageDatabase database) {
        return database.name().equals("rpm") ? RPM : DPKG;
    }
}
