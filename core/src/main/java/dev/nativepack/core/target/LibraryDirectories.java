package dev.nativepack.core.target;

import dev.nativepack.core.resolve.LdSoCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Where a snapshot looks for libraries, and which top-level library directories are links to others. */
final class LibraryDirectories {
    private LibraryDirectories() {
    }

    /**
     * The loader's system directories in their order, then the other directories that the root's
     * ld.so.cache names, sorted (the cache is ordered by library name, so its directory order says nothing).
     */
    static List<String> searched(RootPaths root, List<String> systemDirs, boolean readCache) {
        Set<String> dirs = new LinkedHashSet<>(systemDirs);
        if (readCache) {
            dirs.addAll(cacheDirectories(root));
        }
        return new ArrayList<>(dirs);
    }

    private static Set<String> cacheDirectories(RootPaths root) {
        Set<String> dirs = new TreeSet<>();
        try {
            Path cache = root.host(root.canonical("/etc/ld.so.cache"));
            if (!Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS)) {
                return dirs;
            }
            for (LdSoCache.Entry e : LdSoCache.read(cache).entries()) {
                if (e.path().startsWith("/")) {
                    dirs.add(RootPaths.parent(e.path()));
                }
            }
        } catch (IOException e) {
            // ld.so ignores a cache it cannot read or parse, and so does the snapshot.
        }
        return dirs;
    }

    /** Top-level library directories that are symbolic links: /lib -> /usr/lib, /lib64 -> /usr/lib64. */
    static Map<String, String> aliases(RootPaths root) {
        Map<String, String> aliases = new TreeMap<>();
        for (String name : CLibrary.entries(root, "/")) {
            String path = "/" + name;
            if (!name.startsWith("lib") || !Files.isSymbolicLink(root.host(path))) {
                continue;
            }
            try {
                String target = root.canonical(path);
                if (!target.equals(path) && Files.isDirectory(root.host(target), LinkOption.NOFOLLOW_LINKS)) {
                    aliases.put(path, target);
                }
            } catch (IOException e) {
                // A link loop aliases nothing.
            }
        }
        return aliases;
    }
}
