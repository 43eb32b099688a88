package dev.nativepack.core.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Findings collected once each: several closures often reach the same library and its problem. */
final class Findings {
    private final Set<List<Object>> seen = new LinkedHashSet<>();
    private final List<Finding> findings = new ArrayList<>();

    void add(Finding f) {
        if (seen.add(List.of(f.rule(), f.file(), f.subject() == null ? "" : f.subject(), f.message()))) {
            findings.add(f);
        }
    }

    /** Worst first, then by file, rule and subject, so the order does not depend on the input order. */
    List<Finding> sorted() {
        List<Finding> out = new ArrayList<>(findings);
        out.sort(ORDER);
        return out;
    }

    /** A plain class rather than a chain of lambdas: each lambda costs start-up time in a short run. */
    private static final Comparator<Finding> ORDER = new Comparator<>() {
        @Override
        public int compare(Finding a, Finding b) {
            int c = a.severity().compareTo(b.severity());
            if (c == 0) {
                c = a.file().compareTo(b.file());
            }
            if (c == 0) {
                c = a.rule().id().compareTo(b.rule().id());
            }
            if (c == 0) {
                c = (a.subject() == null ? "" : a.subject()).compareTo(b.subject() == null ? "" : b.subject());
            }
            return c;
        }
    };
}
