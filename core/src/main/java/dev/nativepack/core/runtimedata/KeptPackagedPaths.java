package dev.nativepack.core.runtimedata;

import dev.nativepack.core.cache.CodeIdentity;
import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.cache.KeptValues;
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

    /** Values kept together, read at once (a few hundred bytes each). */
    private static final int MAX_VALUES = 2_000;

    private final KeptValues values;

    /** @param state the database's {@code PackageDatabase.state()}; null keeps nothing */
    KeptPackagedPaths(FileCache cache, String state) {
        this.values = state == null ? null : new KeptValues(cache, "packaged-paths-v2 " + CODE + " " + state, MAX_VALUES);
    }

    /** The kept answer for a file, or null when there is none. */
    Map<String, List<String>> get(Path real) {
        byte[] kept = values == null ? null : values.get(real.toString());
        return kept == null ? null : decode(kept);
    }

    /** Kept by {@link #save}. */
    void put(Path real, Map<String, List<String>> paths) {
        if (values != null) {
            values.put(real.toString(), paths.isEmpty() ? NONE : encode(paths));
        }
    }

    /** Reads the kept answers now rather than at the first question. */
    void warm() {
        if (values != null) {
            values.load();
        }
    }

    /** Writes the answers added since they were read. */
    void save() {
        if (values != null) {
            values.save();
        }
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
