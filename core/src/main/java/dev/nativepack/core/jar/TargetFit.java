package dev.nativepack.core.jar;

import dev.nativepack.core.target.ArchitectureNames;
import dev.nativepack.core.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an embedded native is for a target's platform. Every target is Linux with a C library
 * and an architecture; a native built for another operating system, architecture or C library
 * is dropped by pruning. One whose platform cannot be told in some part is kept, with a warning,
 * unless a part that is known already rules it out.
 *
 * @param decision KEEP, DROP or UNKNOWN
 * @param reason   why, in a phrase ("built for freebsd", "for the target", "architecture not told")
 */
public record TargetFit(Decision decision, String reason) {
    public enum Decision {
        /** For the target's platform, or not platform code at all. */
        KEEP,
        /** Built for another platform: useless on the target. */
        DROP,
        /** Some part of its platform cannot be told; kept, with a warning. */
        UNKNOWN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether a kept native is code the target would load (so it is worth auditing). */
    public boolean forTarget(NativeIdentity identity) {
        return decision == Decision.KEEP && identity.kind().platformCode();
    }

    public static TargetFit of(NativeIdentity identity, Target target) {
        if (!identity.kind().platformCode()) {
            return new TargetFit(Decision.KEEP, "a " + identity.kind().label() + ", not code for a platform");
        }
        NativePlatform p = identity.platform();
        String wantedArch = ArchitectureNames.canonical(target.architecture());
        String wantedLibc = target.libc().family();
        List<String> other = new ArrayList<>();
        List<String> untold = new ArrayList<>();
        compare("operating system", p.os(), "linux", other, untold);
        compare("architecture", p.architecture(), wantedArch, other, untold);
        if (p.os().equals("linux") && !p.libc().equals("none")) {
            compare("C library", p.libc(), wantedLibc, other, untold);
        }
        if (!other.isEmpty()) {
            return new TargetFit(Decision.DROP, "for another " + String.join(", ", other));
        }
        if (!untold.isEmpty()) {
            return new TargetFit(Decision.UNKNOWN, String.join(", ", untold) + " not told");
        }
        return new TargetFit(Decision.KEEP, "for the target");
    }

    private static void compare(String part, String actual, String wanted, List<String> other, List<String> untold) {
        if (actual.equals(NativePlatform.UNKNOWN)) {
            untold.add(part);
        } else if (!actual.equals(wanted)) {
            other.add(part + " (" + actual + ")");
        }
    }
}
