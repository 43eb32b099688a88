package dev.nativepack.core.bundle;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which Debian package owns a file, read from dpkg's database (its file lists and status) rather
 * than by running dpkg. Paths are compared as files, since a package may list /lib/x when the file
 * is reached as /usr/lib/x.
 */
final class DpkgOwners {
    /** A package and its installed version. */
    record Owner(String pkg, String version) {
    }

    private DpkgOwners() {
    }

    /** Owners of the given files (real paths); files no package lists are left out. Empty without dpkg. */
    static Map<Path, Owner> of(Collection<Path> files, Path root) throws IOException {
        Path info = root.resolve("var/lib/dpkg/info");
        Map<Path, Owner> out = new HashMap<>();
        if (!Files.isDirectory(info) || files.isEmpty()) {
            return out;
        }
        Map<String, Set<Path>> byName = new HashMap<>();
        for (Path f : files) {
            byName.computeIfAbsent(f.getFileName().toString(), k -> new HashSet<>()).add(f);
        }
        Map<String, String> versions = versions(root.resolve("var/lib/dpkg/status"));
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.list")) {
            for (Path list : lists) {
                String pkg = list.getFileName().toString();
                pkg = pkg.substring(0, pkg.length() - ".list".length());
                scan(list, pkg, byName, versions, out, root);
            }
        }
        return out;
    }

    private static void scan(Path list, String pkg, Map<String, Set<Path>> byName, Map<String, String> versions,
                             Map<Path, Owner> out, Path root) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                int slash = line.lastIndexOf('/');
                Set<Path> wanted = slash >= 0 ? byName.get(line.substring(slash + 1)) : null;
                if (wanted == null) {
                    continue;
                }
                Path listed = root.resolve(line.substring(1));
                for (Path f : wanted) {
                    if (!out.containsKey(f) && Files.exists(listed) && Files.isSameFile(listed, f)) {
                        String name = pkg.contains(":") ? pkg.substring(0, pkg.indexOf(':')) : pkg;
                        out.put(f, new Owner(name, versions.getOrDefault(name, "")));
                    }
                }
            }
        }
    }

    /** Package -> version from dpkg's status file (the last Version: of each stanza). */
    private static Map<String, String> versions(Path status) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(status)) {
            return out;
        }
        String pkg = null;
        try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("Package: ")) {
                    pkg = line.substring(9).strip();
                } else if (line.startsWith("Version: ") && pkg != null) {
                    out.put(pkg, line.substring(9).strip());
                }
            }
        }
        return out;
    }
}
