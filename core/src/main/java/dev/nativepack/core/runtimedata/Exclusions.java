package dev.nativepack.core.runtimedata;

import java.util.Set;

/**
 * Which paths that dpkg lists or a file names are not one library's runtime data: what the table
 * says is not (documentation, locales, this machine's state), system-wide directories, the
 * directories the libraries themselves lie in, the libraries and the loader named by path, and
 * the system's own configuration files directly in /etc (passwd, hosts, resolv.conf: the target's).
 * The data table's own paths are never excluded.
 */
final class Exclusions {
    private final RuntimeDataTable table;
    private final Set<String> libraryDirs;

    /** @param libraryDirs the canonical directories the files being examined lie in */
    Exclusions(RuntimeDataTable table, Set<String> libraryDirs) {
        this.table = table;
        this.libraryDirs = Set.copyOf(libraryDirs);
    }

    /** What can be told from the name alone, before the path is looked up on the root. */
    boolean excludedByName(String named) {
        return named.lastIndexOf('/') == 0 || table.isNotRuntimeData(named) || table.isSystemDirectory(named);
    }

    /** @param named as the package or the file names it; @param canonical links resolved inside the root */
    boolean excluded(String named, String canonical, boolean directory) {
        if (canonical.lastIndexOf('/') == 0) {
            // A top-level directory (/usr, /opt) or a file in /: never one library's.
            return true;
        }
        for (String p : new String[] {named, canonical}) {
            if (table.isNotRuntimeData(p) || table.isSystemDirectory(p)) {
                return true;
            }
        }
        for (String dir : libraryDirs) {
            if (dir.equals(canonical) || dir.startsWith(canonical + "/")) {
                return true;
            }
        }
        if (canonical.equals(PackagedPaths.libraryDirectory(canonical + "/x"))) {
            // A library directory itself: /usr/lib, /usr/lib/x86_64-linux-gnu.
            return true;
        }
        String libraryDir = PackagedPaths.libraryDirectory(canonical);
        if (!directory) {
            String parent = canonical.substring(0, Math.max(1, canonical.lastIndexOf('/')));
            return parent.equals("/etc") || parent.equals(libraryDir) || libraryDirs.contains(parent);
        }
        return false;
    }
}
