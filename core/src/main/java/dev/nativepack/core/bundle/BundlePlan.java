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
 * @param data     the run-time data and plugins it brings, and the environment that finds them
 * @param generated files written rather than copied: the bootstrap wrapper, the environment file, rewritten registries
 */
public record BundlePlan(Target target, Layout layout, List<BundleFile> files, Map<String, String> renames,
                         List<Finding> warnings, BundleData data, List<GeneratedFile> generated) {
    public BundlePlan {
        files = List.copyOf(files);
        renames = Map.copyOf(renames);
        warnings = List.copyOf(warnings);
        generated = List.copyOf(generated);
    }

    public BundlePlan(Target target, Layout layout, List<BundleFile> files, Map<String, String> renames,
                      List<Finding> warnings) {
        this(target, layout, files, renames, warnings, BundleData.NONE, List.of());
    }
}
