package dev.nativepack.core.jar;

import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import java.util.List;
import java.util.Objects;

/**
 * A native found in a jar.
 *
 * @param jar            the jar holding it, as the user named it, nested ones as {@code app.jar!/BOOT-INF/lib/x.jar}
 * @param entry          its entry name in that jar
 * @param size           its size in bytes
 * @param compressedSize the bytes it takes in the jar
 * @param identity       format, kind and platform, from its content
 * @param fit            whether it is for the target; null when no target was given
 * @param findings       the audit's findings when it is for the target (symbol versions, missing
 *                       libraries, ...); null when it was not audited
 */
public record EmbeddedNative(String jar, String entry, long size, long compressedSize, NativeIdentity identity,
                             TargetFit fit, List<Finding> findings) {
    public EmbeddedNative {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(identity, "identity");
        findings = findings == null ? null : List.copyOf(findings);
    }

    /** {@code jar!/entry}. */
    public String location() {
        return jar + "!/" + entry;
    }

    public EmbeddedNative withFindings(List<Finding> audited) {
        return new EmbeddedNative(jar, entry, size, compressedSize, identity, fit, audited);
    }

    /** Whether the audit found something that fails on the target. */
    public boolean failsAudit() {
        return findings != null && findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
