package dev.nativepack.core.jar;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scan found.
 *
 * @param targetId      the target the natives were checked against, null when none was given
 * @param targetSummary e.g. "glibc 2.34, x86_64, DERIVED (medium confidence)"; null without a target
 * @param inputs        as the user named them
 * @param jars          every jar scanned, nested ones after the jar holding them
 * @param natives       every native, in the order of the jars and their entries
 */
public record JarScanReport(String targetId, String targetSummary, List<String> inputs, List<ScannedJar> jars,
                            List<EmbeddedNative> natives) {
    public JarScanReport {
        inputs = List.copyOf(inputs);
        jars = List.copyOf(jars);
        natives = List.copyOf(natives);
    }

    public long count(TargetFit.Decision decision) {
        return natives.stream().filter(n -> n.fit() != null && n.fit().decision() == decision).count();
    }

    public long bytes(TargetFit.Decision decision) {
        return natives.stream().filter(n -> n.fit() != null && n.fit().decision() == decision)
                .mapToLong(EmbeddedNative::size).sum();
    }

    /**
     * Jars whose platform code is all for other platforms: the library will not load on the
     * target (with a target only; a jar whose natives are unknown is not counted).
     */
    public List<String> jarsWithoutTargetNative() {
        List<String> out = new ArrayList<>();
        if (targetId == null) {
            return out;
        }
        for (ScannedJar jar : jars) {
            boolean code = false;
            boolean usable = false;
            for (EmbeddedNative n : natives) {
                if (n.jar().equals(jar.location()) && n.identity().kind().platformCode()) {
                    code = true;
                    usable |= n.fit().decision() != TargetFit.Decision.DROP;
                }
            }
            if (code && !usable) {
                out.add(jar.location());
            }
        }
        return out;
    }

    /** Whether something will fail on the target: a native for it fails the audit, or a jar has none for it. */
    public boolean hasProblems() {
        return natives.stream().anyMatch(EmbeddedNative::failsAudit) || !jarsWithoutTargetNative().isEmpty();
    }
}
