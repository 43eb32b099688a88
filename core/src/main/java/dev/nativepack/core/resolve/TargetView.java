package dev.nativepack.core.resolve;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a resolution sees a target that exists only as data: the baseline libraries the target
 * has, directories of this machine mounted at target paths (a function archive at the task root,
 * layers at the layer root), and the build machine's root, where libraries the target lacks are
 * looked for (they are the ones a bundle has to bring).
 *
 * @param baseline  the target's libraries; null when the root holds the target's real files
 * @param mounts    target directory -> directory on this machine
 * @param buildRoot where to look for what the target lacks; null for no such fallback
 */
public record TargetView(Baseline baseline, Map<String, Path> mounts, Path buildRoot) {
    /**
     * A root for a target whose files are data (the baseline) and mounted inputs, with nothing
     * else: procfs refuses new entries, so nothing can ever appear under it, and no directory has
     * to be made.
     */
    public static final Path NO_FILES = Path.of("/proc/self/nativepack-target-has-no-files-here");

    public TargetView {
        mounts = Map.copyOf(mounts);
    }
}
