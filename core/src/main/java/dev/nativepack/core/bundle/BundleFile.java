package dev.nativepack.core.bundle;

import java.nio.file.Path;

/**
 * One file of a bundle: where it goes, where it comes from, and what is done to it.
 *
 * @param path       path inside the bundle, e.g. {@code lib/libgdal.so.32}
 * @param source     the file on this machine (symbolic links followed)
 * @param role       entry program, bundled library, or a file included as it is
 * @param soname     the library's SONAME as bundled (after a rename), null for others
 * @param rpath      the search path to set, null to leave the file's search paths alone
 * @param executable unix mode 0755 rather than 0644
 * @param reason     why it is in the bundle, for the manifest ("entry", "needed by bootstrap", ...)
 * @param runpath    set {@code rpath} as DT_RUNPATH (the file had one, and keeps its kind) rather than DT_RPATH
 */
public record BundleFile(String path, Path source, Role role, String soname, String rpath, boolean executable,
                         String reason, boolean runpath) {
    public BundleFile(String path, Path source, Role role, String soname, String rpath, boolean executable,
                      String reason) {
        this(path, source, role, soname, rpath, executable, reason, false);
    }

    public enum Role {
        /** A program given on the command line. */
        ENTRY,
        /** A library of a closure, taken from the build machine. */
        LIBRARY,
        /** An ELF file of a tree given on the command line (a Python extension module, a library a wheel vendors). */
        MODULE,
        /** A file copied as it is (--include, or a tree's other files). */
        INCLUDED,
        /** A module of a plugin directory a library loads with dlopen: stripped and given a search path to lib/. */
        PLUGIN,
        /** A file of a library's run-time data or configuration, copied as it is. */
        DATA
    }
}
