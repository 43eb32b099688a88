package dev.nativepack.core.bundle;

import dev.nativepack.core.runtimedata.OptionalPart;
import dev.nativepack.core.runtimedata.RuntimeNeed;
import java.util.List;

/**
 * What a bundle does with one run-time need of its libraries.
 *
 * @param need      the need as found
 * @param status    brought, left out, or the target's
 * @param why       for people, when it is not simply brought: "no variable moves it...", or null
 * @param bytes     what the bundle holds of it
 * @param files     how many files that is
 * @param leftOut   its optional parts the bundle leaves out (by default or by --data-exclude)
 * @param skipped   bytes of its files left out, optional parts or not
 */
public record DataChoice(RuntimeNeed need, Status status, String why, long bytes, int files, List<OptionalPart> leftOut,
                         long skipped) {
    public DataChoice {
        leftOut = List.copyOf(leftOut);
    }

    public enum Status {
        /** Copied to its destination (perhaps without some optional parts), its variables set. */
        BUNDLED,
        /** Not copied: nothing would find it there, or --data-exclude said so. */
        LEFT_OUT,
        /** Must come from the target (glibc's gconv modules); never bundled. */
        FROM_TARGET;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }
}
