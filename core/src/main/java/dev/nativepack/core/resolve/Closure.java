package dev.nativepack.core.resolve;

import java.util.List;

/**
 * The result of resolving one object as the loader would: every object in load (breadth-first)
 * order, every DT_NEEDED edge, what could not be loaded and where the loader looked, and the
 * symbol-version check of the whole closure.
 */
public record Closure(List<LoadedObject> objects, List<Dependency> dependencies, List<MissingLibrary> missing,
                      List<VersionProblem> versionProblems, LoaderProfile profile) {

    public LoadedObject main() {
        return objects.get(0);
    }

    /** True when the loader would load everything: nothing missing and no fatal version problem. */
    public boolean loads() {
        return missing.isEmpty() && versionProblems.stream().allMatch(VersionProblem::weak);
    }
}
