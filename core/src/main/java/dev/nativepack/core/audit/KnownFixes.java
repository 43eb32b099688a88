package dev.nativepack.core.audit;

import dev.nativepack.core.target.TargetBaseline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Advice for libraries that are commonly missing on a target, from {@code known-fixes.txt}. */
final class KnownFixes {
    private record Advice(List<String> instead, String text) {
    }

    private static final Map<String, Advice> ADVICE = load();

    private KnownFixes() {
    }

    private static Map<String, Advice> load() {
        Map<String, Advice> out = new HashMap<>();
        for (String[] row : DataTable.read("known-fixes.txt", 3)) {
            out.put(row[0], new Advice(row[1].isEmpty() ? List.of() : List.of(row[1].split(",")), row[2]));
        }
        return out;
    }

    /** Advice for a library the target lacks, or null when there is nothing specific to say. */
    static String forMissing(String name, TargetBaseline target) {
        Advice a = ADVICE.get(name);
        if (a == null) {
            return null;
        }
        String instead = "";
        for (String alt : a.instead()) {
            if (target.byName(alt) != null) {
                instead = "; it has " + alt;
                break;
            }
        }
        return a.text().replace("{target}", target.target().id()).replace("{instead}", instead);
    }
}
