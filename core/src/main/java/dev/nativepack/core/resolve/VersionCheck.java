package dev.nativepack.core.resolve;

import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionDefinition;
import dev.nativepack.elf.VersionNeed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The loader's symbol-version check over a closure (_dl_check_map_versions, research/elf.md §3.3):
 * every version an object requires from a needed library must be defined by the object that
 * satisfies that name. A provider without version definitions only draws a warning from the
 * loader, so it is not a problem here either.
 */
final class VersionCheck {
    private final List<LoadedObject> objects;
    private final Function<String, LoadedObject> byName;

    /** {@code byName}: find_needed, any loaded object answering to the name, first in load order. */
    VersionCheck(List<LoadedObject> objects, Function<String, LoadedObject> byName) {
        this.objects = objects;
        this.byName = byName;
    }

    List<VersionProblem> run() {
        List<VersionProblem> problems = new ArrayList<>();
        for (LoadedObject o : objects) {
            if (o.elf() == null) {
                continue;
            }
            List<VersionNeed> needs = o.elf().versionNeedsWithoutSymbols();
            for (int i = 0; i < needs.size(); i++) {
                VersionNeed need = needs.get(i);
                LoadedObject provider = byName.apply(need.library());
                if (provider != null && provider.baseline() != null) {
                    checkBaseline(o, i, need, provider, problems);
                    continue;
                }
                if (provider == null || provider.elf() == null) {
                    continue;
                }
                List<VersionDefinition> defined = provider.elf().versionDefinitions();
                if (defined.isEmpty()) {
                    continue;
                }
                for (int j = 0; j < need.versions().size(); j++) {
                    RequiredVersion required = need.versions().get(j);
                    if (!defines(defined, required)) {
                        // Only now read the symbols, to name those behind the missing version.
                        problems.add(new VersionProblem(o, need.library(), provider, required.name(), required.weak(),
                                o.elf().undefinedSymbolsWithVersion(required.index())));
                    }
                }
            }
        }
        return List.copyOf(problems);
    }

    /** A provider known only as data: the baseline answers for its versions. */
    private void checkBaseline(LoadedObject o, int needIndex, VersionNeed need, LoadedObject provider,
                               List<VersionProblem> problems) {
        for (int j = 0; j < need.versions().size(); j++) {
            RequiredVersion required = need.versions().get(j);
            if (!provider.baseline().defines(required.name())) {
                problems.add(new VersionProblem(o, need.library(), provider, required.name(), required.weak(),
                        o.elf().undefinedSymbolsWithVersion(required.index())));
            }
        }
    }

    private static boolean defines(List<VersionDefinition> defined, RequiredVersion required) {
        for (VersionDefinition d : defined) {
            if (d.hash() == required.hash() && d.name().equals(required.name())) {
                return true;
            }
        }
        return false;
    }
}
