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
    public TargetView {
        mounts = Map.copyOf(mounts);
    }
}
