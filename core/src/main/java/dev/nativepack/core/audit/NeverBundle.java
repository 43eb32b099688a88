package dev.nativepack.core.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Libraries that must come from the system a process runs on (the C library, the loader, NSS
 * and gconv modules, GPU drivers): a table in {@code never-bundle.txt}.
 */
public final class NeverBundle {
    /** A glob whose only wildcard is '*' (any run of characters, '/' included). */
    private record Entry(String[] parts, boolean wholePath, String what) {
        boolean matches(String text) {
            if (parts.length == 1) {
                return text.equals(parts[0]);
            }
            if (!text.startsWith(parts[0])) {
                return false;
            }
            int at = parts[0].length();
            for (int i = 1; i < parts.length - 1; i++) {
                int found = text.indexOf(parts[i], at);
                if (found < 0) {
                    return false;
                }
                at = found + parts[i].length();
            }
            String last = parts[parts.length - 1];
            return text.length() - at >= last.length() && text.endsWith(last);
        }
    }

    private static final List<Entry> ENTRIES = load();

    private NeverBundle() {
    }

    private static List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        for (String[] row : DataTable.read("never-bundle.txt", 2)) {
            boolean wholePath = row[0].startsWith("*/");
            out.add(new Entry(row[0].split("\\*", -1), wholePath, row[1]));
        }
        return out;
    }

    /** What the library is when it must never be bundled ("the C library (glibc)"), else null. */
    public static String category(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (Entry e : ENTRIES) {
            if (e.matches(e.wholePath() ? path : name)) {
                return e.what();
            }
        }
        return null;
    }
}
