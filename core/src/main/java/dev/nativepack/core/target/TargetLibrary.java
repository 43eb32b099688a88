package dev.nativepack.core.target;

import java.util.List;
import java.util.Objects;

/**
 * A library present on a target: the file name the loader finds in a directory (normally its
 * SONAME) and, where known, the symbol versions it defines.
 *
 * @param name       file name in the directory, e.g. {@code libz.so.1}
 * @param directory  absolute directory on the target, e.g. {@code /usr/lib64}
 * @param soname     DT_SONAME when it differs from the name or is known, else null
 * @param versions   the version names it defines (from .gnu.version_d), or null when not known;
 *                   an empty list means it is known to define none
 * @param confidence {@code high}, {@code medium} or {@code low}; null means the target's own
 * @param needed     its DT_NEEDED entries in order, or null when not known (then the resolver
 *                   treats it as a leaf: whatever it loads is the target's business)
 */
public record TargetLibrary(String name, String directory, String soname, List<String> versions, String confidence,
                            List<String> needed) {
    public TargetLibrary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        versions = versions == null ? null : List.copyOf(versions);
        needed = needed == null ? null : List.copyOf(needed);
    }

    /** A library whose dependencies are not recorded. */
    public TargetLibrary(String name, String directory, String soname, List<String> versions, String confidence) {
        this(name, directory, soname, versions, confidence, null);
    }

    /** The absolute path on the target. */
    public String path() {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /** The SONAME, or the name when no distinct SONAME is recorded. */
    public String effectiveSoname() {
        return soname != null ? soname : name;
    }
}
