package dev.nativepack.core.bundle;

import java.nio.file.Path;

/**
 * One file of a bundle: where it goes, where it comes from, and what is done to it.
 *
 * @param path       path inside the bundle, e.g. {@code lib/libgdal.so.32}
 * @param source     the file on this machine (symbolic links followed)
 * @param role       entry program, bundled library, or a file included as it is
 * @param soname     the library's SONAME as bundled (after a rename), null for others
 * @param rpath      DT_RPATH to set, null to leave the file's search paths alone
 * @param executable unix mode 0755 rather than 0644
 * @param reason     why it is in the bundle, for the manifest ("entry", "needed by bootstrap", ...)
 */
public record BundleFile(String path, Path source, Role role, String soname, String rpath, boolean executable,
                         String reason) {
    public enum Role { ENTRY, LIBRARY, INCLUDED }
}
