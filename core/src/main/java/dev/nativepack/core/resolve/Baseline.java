package dev.nativepack.core.resolve;

/**
 * The libraries a target is known to have, as data rather than files: a published or captured
 * baseline. When a resolution has one, a path on the target that the baseline knows is taken to
 * exist there, with the symbol versions the baseline says it defines.
 */
public interface Baseline {
    /** The library at this absolute directory and file name on the target, or null. */
    BaselineLibrary find(String directory, String fileName);

    /** Whether the target has this directory (so the loader searches it). */
    boolean hasDirectory(String directory);

    /** The path the target's ld.so.cache gives for a name, or null. */
    String cached(String fileName);

    /** A library of the baseline. */
    interface BaselineLibrary {
        /** The absolute path on the target. */
        String path();

        String soname();

        /**
         * Whether it defines this symbol version. A baseline that does not know a library's exact
         * versions answers from the target's ceilings for version families it knows (GLIBC_, ...).
         */
        boolean defines(String version);

        /**
         * Its DT_NEEDED entries, or null when the baseline does not record them; then it loads
         * nothing that the resolution can see (the target's libraries satisfy each other).
         */
        default java.util.List<String> needed() {
            return null;
        }
    }
}
