package dev.nativepack.core.audit;

import java.util.List;

/**
 * What an audit returns: the target it checked against, the findings (worst first, then by file),
 * and what was looked at.
 *
 * @param targetId        the target's id
 * @param targetSummary   e.g. "glibc 2.34, x86_64, DERIVED (medium confidence)"
 * @param inputs          the inputs as the user named them
 * @param filesAudited    how many ELF files were audited
 * @param librariesFromTarget how many distinct libraries the target provided
 * @param librariesToBundle   how many distinct libraries must come with the function
 * @param findings        worst first
 */
public record AuditReport(String targetId, String targetSummary, List<String> inputs, int filesAudited,
                          int librariesFromTarget, int librariesToBundle, List<Finding> findings) {
    public AuditReport {
        inputs = List.copyOf(inputs);
        findings = List.copyOf(findings);
    }

    /** Whether any finding is as bad as the threshold or worse. */
    public boolean hasFindingsAtLeast(Severity threshold) {
        for (Finding f : findings) {
            if (f.severity().atLeast(threshold)) {
                return true;
            }
        }
        return false;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
