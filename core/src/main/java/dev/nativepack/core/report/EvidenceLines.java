package dev.nativepack.core.report;

import java.util.List;
import java.util.Optional;

/**
 * How much of a finding's evidence a human reads: the first {@value #LIMIT} lines and a count of
 * the rest. Forty culprit symbols say no more than ten do, and would bury the next finding.
 * Machine formats keep the whole list elsewhere.
 */
final class EvidenceLines {
    static final int LIMIT = 10;

    private EvidenceLines() {
    }

    static List<String> head(List<String> evidence) {
        return evidence.subList(0, Math.min(LIMIT, evidence.size()));
    }

    /** "... and N more" when lines were left out. */
    static Optional<String> rest(List<String> evidence) {
        int more = evidence.size() - LIMIT;
        return more > 0 ? Optional.of("... and " + more + " more") : Optional.empty();
    }
}
