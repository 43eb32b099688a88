package dev.nativepack.core.audit;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Libraries that must come from the system a process runs on (the C library, the loader, NSS
 * and gconv modules, GPU drivers): a table in {@code never-bundle.txt}.
 */
final class NeverBundle {
    private record Entry(PathMatcher matcher, boolean wholePath, String what) {
    }

    private static final List<Entry> ENTRIES = load();

    private NeverBundle() {
    }

    private static List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        for (String[] row : DataTable.read("never-bundle.txt", 2)) {
            boolean wholePath = row[0].startsWith("*/");
            out.add(new Entry(FileSystems.getDefault().getPathMatcher("glob:" + row[0]), wholePath, row[1]));
        }
        return out;
    }

    /** What the library is when it must never be bundled ("the C library (glibc)"), else null. */
    static String category(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (Entry e : ENTRIES) {
            if (e.wholePath() ? e.matcher().matches(Path.of(path)) : e.matcher().matches(Path.of(name))) {
                return e.what();
            }
        }
        return null;
    }
}
