package dev.nativepack.core.runtimedata;

import dev.nativepack.core.packages.PackageDatabase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the package manager (dpkg or rpm) says a library brings besides itself: the directories
 * its package installs under /usr/share, /etc and beside the libraries (plugin directories), and
 * those of the packages of the same software (source package, or source rpm) it depends on that
 * hold no library or program of their own (gdal-data and gdal-plugins for libgdal32, proj-data for
 * libproj25). One candidate per top directory, narrowed to what the package's files there have in common: {@code /usr/share/gdal}, but
 * {@code /usr/share/xml/fontconfig/fonts.dtd} rather than the /usr/share/xml many packages share.
 * The caller decides what is runtime data.
 */
final class PackagedPaths {
    private static final String[] LIBRARY_DIRS = {"/usr/lib", "/lib", "/usr/lib64", "/lib64", "/usr/lib32", "/lib32",
        "/usr/local/lib"};
    private static final String[] SHARE_DIRS = {"/usr/share", "/usr/local/share"};
    private static final String[] PROGRAM_DIRS = {"/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/", "/usr/games/"};

    private final PackageDatabase packages;

    PackagedPaths(PackageDatabase packages) {
        this.packages = packages;
    }

    /** Directories (or files) -> the packages that install something there, in the order found. */
    Map<String, List<String>> of(PackageDatabase.Owner owner) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        add(owner.list(), owner.pkg(), out);
        String source = packages.source(owner.list());
        for (String dependency : packages.dependencies(owner.list())) {
            if (source != null && source.equals(packages.source(dependency)) && onlyData(packages.files(dependency))) {
                add(dependency, packages.packageName(dependency), out);
            }
        }
        return out;
    }

    private void add(String list, String pkg, Map<String, List<String>> out) throws IOException {
        List<String> files = packages.files(list);
        Set<String> parents = new HashSet<>();
        for (String f : files) {
            parents.add(f.substring(0, Math.max(1, f.lastIndexOf('/'))));
        }
        // What the package installs in each top directory: its leaves (files, and empty directories).
        Map<String, String> common = new LinkedHashMap<>();
        for (String f : files) {
            String top = topDirectory(f);
            if (top != null && !parents.contains(f)) {
                String known = common.get(top);
                common.put(top, known == null ? f : commonAncestor(known, f));
            }
        }
        for (String path : common.values()) {
            List<String> pkgs = out.get(path);
            if (pkgs == null) {
                pkgs = new ArrayList<>();
                out.put(path, pkgs);
            }
            if (!pkgs.contains(pkg)) {
                pkgs.add(pkg);
            }
        }
    }

    private static String commonAncestor(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < Math.min(x.length, y.length) && x[i].equals(y[i]); i++) {
            out.append('/').append(x[i]);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** A package of data for another: no program, and no shared library where the loader looks. */
    private static boolean onlyData(List<String> files) {
        for (String f : files) {
            for (String dir : PROGRAM_DIRS) {
                if (f.startsWith(dir)) {
                    return false;
                }
            }
            String libraryDir = libraryDirectory(f);
            if (libraryDir != null && f.lastIndexOf('/') == libraryDir.length() && f.contains(".so")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The directory below /usr/share, /etc or a library directory that a listed path lies in
     * ({@code /usr/share/proj} for {@code /usr/share/proj/proj.db}); null for the rest, and for files
     * directly in a library directory (the libraries themselves).
     */
    static String topDirectory(String path) {
        for (String share : SHARE_DIRS) {
            if (path.startsWith(share + "/")) {
                return firstBelow(path, share);
            }
        }
        if (path.startsWith("/etc/")) {
            return firstBelow(path, "/etc");
        }
        String libraryDir = libraryDirectory(path);
        if (libraryDir != null && path.length() > libraryDir.length() + 1) {
            String top = firstBelow(path, libraryDir);
            return top.length() < path.length() ? top : null;
        }
        return null;
    }

    /** The library directory a path is in or below: /usr/lib, or /usr/lib/x86_64-linux-gnu for a multiarch one. */
    static String libraryDirectory(String path) {
        for (String dir : LIBRARY_DIRS) {
            if (path.startsWith(dir + "/")) {
                String next = firstBelow(path, dir);
                String name = next.substring(dir.length() + 1);
                return name.contains("-linux-") && next.length() < path.length() ? next : dir;
            }
        }
        return null;
    }

    private static String firstBelow(String path, String dir) {
        int end = path.indexOf('/', dir.length() + 1);
        return end < 0 ? path : path.substring(0, end);
    }
}
