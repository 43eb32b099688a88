package dev.nativepack.core.runtimedata;

import dev.nativepack.core.cache.CodeIdentity;
import dev.nativepack.core.cache.FileCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the package manager says each file brings ({@link PackagedPaths}), kept between runs by the
 * file's real path and the database's state: asking dpkg means reading its status file and the
 * index of its lists, megabytes on a desktop system, and asking rpm means running it, for an answer
 * that only an install or removal changes.
 * With every file known, an audit does not open the database at all.
 */
final class KeptPackagedPaths {
    private static final String CODE = CodeIdentity.of(PackagedPaths.class);
    /** An empty map: the file belongs to no package, or its package brings nothing. */
    private static final byte[] NONE = new byte[0];

    private final FileCache cache;
    private final String state;

    /** @param state the database's {@code PackageDatabase.state()}; null keeps nothing */
    KeptPackagedPaths(FileCache cache, String state) {
        this.cache = cache;
        this.state = state;
    }

    /** The kept answer for a file, or null when there is none. */
    Map<String, List<String>> get(Path real) {
        if (state == null) {
            return null;
        }
        byte[][] kept = cache.get(key(real));
        return kept == null || kept.length != 1 ? null : decode(kept[0]);
    }

    void put(Path real, Map<String, List<String>> paths) {
        if (state != null) {
            cache.put(key(real), paths.isEmpty() ? NONE : encode(paths));
        }
    }

    private String key(Path real) {
        return "packaged-paths-v1 " + CODE + " " + state + " " + real;
    }

    /** One line a path: the path, a tab, the packages joined by commas. */
    private static byte[] encode(Map<String, List<String>> paths) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> e : paths.entrySet()) {
            out.append(e.getKey()).append('\t').append(String.join(",", e.getValue())).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> decode(byte[] bytes) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), new ArrayList<>(List.of(line.substring(tab + 1).split(","))));
            }
        }
        return out;
    }
}
