package dev.nativepack.core.bundle;

import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.target.Target;
import java.util.List;
import java.util.Map;

/**
 * What a bundle will hold and what will be done to each file, before anything is written.
 *
 * @param target   the target it is made for
 * @param layout   where things go
 * @param files    every file, entries first, then libraries and included files, by path
 * @param renames  libraries the target also has, renamed so the bundle's copy is the one loaded:
 *                 old soname -> new soname
 * @param warnings findings that do not stop the bundle (allowed ones, warnings, notes)
 */
public record BundlePlan(Target target, Layout layout, List<BundleFile> files, Map<String, String> renames,
                         List<Finding> warnings) {
    public BundlePlan {
        files = List.copyOf(files);
        renames = Map.copyOf(renames);
        warnings = List.copyOf(warnings);
    }
}
