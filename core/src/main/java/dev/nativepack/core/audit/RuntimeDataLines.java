package dev.nativepack.core.audit;

import dev.nativepack.core.runtimedata.EnvironmentSetting;
import dev.nativepack.core.runtimedata.Evidence;
import dev.nativepack.core.runtimedata.NeedSource;
import dev.nativepack.core.runtimedata.OptionalPart;
import dev.nativepack.core.runtimedata.RuntimeNeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Map;

/** How runtime-data findings word a need: its name, sizes, where it came from, and the fix. */
final class RuntimeDataLines {
    /** Optional parts named in the evidence; the rest are counted. */
    private static final int PARTS_SHOWN = 6;

    private RuntimeDataLines() {
    }

    /**
     * "proj.db (/usr/share/proj, 22.1 MiB) and GDAL_DATA (/usr/share/gdal, 2.1 MiB)".
     *
     * @param shown how a path is shown (one inside the input, by its place there)
     */
    static String summary(List<RuntimeNeed> needs, UnaryOperator<String> shown) {
        List<String> parts = new ArrayList<>();
        for (RuntimeNeed n : needs) {
            parts.add(name(n) + " (" + shown.apply(n.path()) + ", " + FileChecks.bytes(n.bytes()) + ")");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** What people call it: the file it cannot do without, else the variable that finds it, else its kind. */
    private static String name(RuntimeNeed n) {
        if (!n.required().isEmpty()) {
            return String.join(", ", n.required());
        }
        if (!n.environment().isEmpty()) {
            return n.environment().get(0).name();
        }
        return "its " + n.kind().label();
    }

    /**
     * The need's lines: what and where, how it was found, where a bundle puts it (or that the target
     * provides it), its optional parts and what else to know.
     *
     * @param inInput whether the input has it; null when it comes from the target
     * @param shown   how a path is shown (one inside the input, by its place there)
     */
    static List<String> evidence(RuntimeNeed n, String taskRoot, Boolean inInput, UnaryOperator<String> shown) {
        List<String> lines = new ArrayList<>();
        lines.add(n.kind().label() + " " + shown.apply(n.path()) + " (" + FileChecks.bytes(n.bytes()) + " in " + n.files()
                + (n.files() == 1 ? " file" : " files") + "): " + n.what() + "; found by " + sources(n));
        if (inInput == null) {
            lines.add("  comes from the target: " + n.neverBundled() + ", which must match the target's own");
        } else {
            lines.add("  " + (inInput ? "in the input as " : "not in the input; bundled as ") + n.destination()
                    + environment(n.environment(), taskRoot));
        }
        if (!n.optionalParts().isEmpty()) {
            lines.add("  optional: " + parts(n.optionalParts()));
        }
        if (n.note() != null) {
            lines.add("  note: " + n.note());
        }
        return lines;
    }

    /** "dpkg (gdal-data), table (GDAL), strings (libgdal.so.32)". */
    private static String sources(RuntimeNeed n) {
        Map<NeedSource, List<String>> by = new LinkedHashMap<>();
        for (Evidence e : n.evidence()) {
            String detail = e.source() == NeedSource.STRINGS ? e.detail().substring(0, e.detail().indexOf(':'))
                    : e.detail();
            List<String> details = by.get(e.source());
            if (details == null) {
                details = new ArrayList<>();
                by.put(e.source(), details);
            }
            if (!details.contains(detail)) {
                details.add(detail);
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<NeedSource, List<String>> e : by.entrySet()) {
            out.add(e.getKey().label() + " (" + String.join(", ", e.getValue()) + ")");
        }
        return String.join(", ", out);
    }

    private static String environment(List<EnvironmentSetting> env, String taskRoot) {
        if (env.isEmpty()) {
            return "";
        }
        List<String> settings = new ArrayList<>();
        for (EnvironmentSetting s : env) {
            settings.add(s.name() + "=" + s.valueAt(taskRoot));
        }
        return " with " + String.join(", ", settings);
    }

    /** "2 languages, 13.6 MiB: eng 3.9 MiB, osd 9.7 MiB". */
    private static String parts(List<OptionalPart> parts) {
        Map<String, List<OptionalPart>> byPart = new LinkedHashMap<>();
        for (OptionalPart p : parts) {
            List<OptionalPart> same = byPart.get(p.part());
            if (same == null) {
                same = new ArrayList<>();
                byPart.put(p.part(), same);
            }
            same.add(p);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<OptionalPart>> e : byPart.entrySet()) {
            long total = 0;
            List<String> named = new ArrayList<>();
            for (OptionalPart p : e.getValue()) {
                total += p.bytes();
                if (named.size() < PARTS_SHOWN) {
                    named.add(p.name() + " " + FileChecks.bytes(p.bytes()));
                }
            }
            int more = e.getValue().size() - named.size();
            out.add(e.getValue().size() + " " + plural(e.getKey(), e.getValue().size()) + ", " + FileChecks.bytes(total)
                    + ": " + String.join(", ", named) + (more > 0 ? " and " + more + " more" : ""));
        }
        return String.join("; ", out);
    }

    private static String plural(String word, int n) {
        if (n == 1) {
            return word;
        }
        return word.endsWith("y") ? word.substring(0, word.length() - 1) + "ies" : word + "s";
    }

    /**
     * Copy each need to its place in the bundle and set its variables; say so where no variable moves it.
     *
     * @param shown how a path is shown (one inside the input, by its place there)
     */
    static String fix(List<RuntimeNeed> missing, String taskRoot, UnaryOperator<String> shown) {
        List<String> steps = new ArrayList<>();
        List<String> unmovable = new ArrayList<>();
        for (RuntimeNeed n : missing) {
            steps.add(shown.apply(n.path()) + " as " + n.destination() + environment(n.environment(), taskRoot)
                    + (n.namedIn() == null ? "" : " (named in " + n.namedIn() + "'s configuration, rewritten to name it)"));
            if (n.environment().isEmpty() && n.namedIn() == null) {
                unmovable.add(shown.apply(n.path()));
            }
        }
        String fix = "Bring " + String.join("; ", steps) + ".";
        if (!unmovable.isEmpty()) {
            fix += " No variable is known to move " + String.join(", ", unmovable) + ": the library reads "
                    + (unmovable.size() == 1 ? "it" : "them") + " there, which a function cannot provide on a read-only "
                    + "system; rebuild it with a path under " + taskRoot + ", or deploy a container image.";
        }
        return fix;
    }
}
