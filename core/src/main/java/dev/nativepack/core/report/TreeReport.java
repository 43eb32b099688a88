package dev.nativepack.core.report;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.core.resolve.MissingLibrary;
import dev.nativepack.core.resolve.VersionProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * A resolved closure as plain values for JSON: the objects in load order, what was not found and
 * where the loader looked, and the symbol-version problems. {@code loads} is false when the
 * loader would refuse to start the program.
 */
public record TreeReport(String file, boolean loads, List<LoadedEntry> objects, List<NotFound> notFound,
                         List<VersionIssue> versionProblems) {

    /** {@code loader} is the name of the object that first requested this one (null for the main object). */
    public record LoadedEntry(int index, String name, String path, String hostPath, String soname, String foundVia,
                              String howFound, String loader) {
    }

    public record NotFound(String name, String requiredBy, String reason, String detail, List<String> searched) {
    }

    public record VersionIssue(String requiredBy, String library, String providerPath, String version, boolean weak,
                               List<String> symbols, String message) {
    }

    public static TreeReport of(String file, Closure closure) {
        List<LoadedEntry> objects = new ArrayList<>();
        for (LoadedObject o : closure.objects()) {
            objects.add(new LoadedEntry(o.index(), o.name(), o.path(),
                    o.hostPath() == null ? null : o.hostPath().toString(), o.soname(), o.via().name(),
                    o.howFound(), o.loader() == null ? null : o.loader().name()));
        }
        List<NotFound> notFound = new ArrayList<>();
        for (MissingLibrary m : closure.missing()) {
            notFound.add(new NotFound(m.name(), m.requester().name(), m.reason().name(), m.detail(), m.searched()));
        }
        List<VersionIssue> versions = new ArrayList<>();
        for (VersionProblem p : closure.versionProblems()) {
            versions.add(new VersionIssue(p.requester().name(), p.library(),
                    p.provider() == null ? null : p.provider().path(), p.version(), p.weak(), p.symbols(),
                    p.message()));
        }
        return new TreeReport(file, closure.loads(), objects, notFound, versions);
    }
}
