package dev.nativepack.core.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns what a user types into a target id ({@code platform/runtime/architecture}). The
 * architecture may be left off (x86_64) and so may the platform when the runtime name is unique;
 * architecture aliases (aarch64, amd64) are folded. Knows the ids only, never what they stand for.
 */
final class TargetIds {
    static final String DEFAULT_ARCHITECTURE = "x86_64";
    private static final int SUGGESTIONS = 3;

    private final List<String> ids;
    private final Set<String> architectures = new LinkedHashSet<>();

    TargetIds(List<String> ids) {
        this.ids = List.copyOf(ids);
        for (String id : ids) {
            String[] parts = id.split("/");
            if (parts.length == 3) {
                architectures.add(parts[2]);
            }
        }
    }

    /** The id {@code spec} names. */
    String resolve(String spec) throws UnknownTargetException {
        String[] parts = spec.split("/", -1);
        List<String> matches;
        switch (parts.length) {
            case 3:
                matches = matching(parts[0], parts[1], ArchitectureNames.canonical(parts[2]));
                break;
            case 2:
                matches = isArchitecture(parts[1])
                        ? matching(null, parts[0], ArchitectureNames.canonical(parts[1]))
                        : matching(parts[0], parts[1], DEFAULT_ARCHITECTURE);
                break;
            case 1:
                matches = matching(null, parts[0], DEFAULT_ARCHITECTURE);
                break;
            default:
                matches = List.of();
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            List<String> closest = closest(spec);
            throw new UnknownTargetException(spec, "unknown target \"" + spec + "\""
                    + (closest.isEmpty() ? "" : "; closest: " + String.join(", ", closest)), closest);
        }
        throw new UnknownTargetException(spec, "ambiguous target \"" + spec + "\": it matches "
                + String.join(", ", matches) + "; name the platform too", matches);
    }

    private boolean isArchitecture(String name) {
        return architectures.contains(ArchitectureNames.canonical(name));
    }

    /** Ids with this runtime and architecture, and this platform unless it is null. */
    private List<String> matching(String platform, String runtime, String architecture) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String[] p = id.split("/");
            if (p.length == 3 && (platform == null || p[0].equals(platform)) && p[1].equals(runtime)
                    && p[2].equals(architecture)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The ids nearest to {@code spec} by edit distance to any way of writing them, in display order on ties. */
    List<String> closest(String spec) {
        String typed = foldArchitecture(spec);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingInt((String id) -> distance(typed, id)).thenComparingInt(ids::indexOf));
        return sorted.subList(0, Math.min(SUGGESTIONS, sorted.size()));
    }

    private String foldArchitecture(String spec) {
        int slash = spec.lastIndexOf('/');
        return slash < 0 ? spec : spec.substring(0, slash + 1) + ArchitectureNames.canonical(spec.substring(slash + 1));
    }

    /** The smallest edit distance between {@code typed} and the id written in full or shortened. */
    private static int distance(String typed, String id) {
        String[] p = id.split("/");
        if (p.length != 3) {
            return levenshtein(typed, id);
        }
        int best = levenshtein(typed, id);
        for (String form : new String[] {p[1], p[0] + "/" + p[1], p[1] + "/" + p[2]}) {
            best = Math.min(best, levenshtein(typed, form));
        }
        return best;
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
