package dev.nativepack.core.report;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.Dependency;
import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.core.resolve.MissingLibrary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a closure as a tree in the manner of libtree: each object is expanded once, under the
 * object whose DT_NEEDED loaded it first (breadth-first load order decides, as in ld.so); later
 * requests show as "(already loaded)". Version problems follow the tree.
 */
public final class TreeText {
    private final Closure closure;
    private final TextStyle style;
    private final StringBuilder out = new StringBuilder();
    private final Set<LoadedObject> expanded = new HashSet<>();
    private final Map<LoadedObject, List<Dependency>> byRequester = new HashMap<>();

    private TreeText(Closure closure, TextStyle style) {
        this.closure = closure;
        this.style = style;
        // Grouped once: asking the closure per object would scan every edge for every object.
        for (Dependency d : closure.dependencies()) {
            byRequester.computeIfAbsent(d.requester(), k -> new ArrayList<>()).add(d);
        }
    }

    public static String render(String file, Closure closure, TextStyle style) {
        TreeText text = new TreeText(closure, style);
        text.out.append(style.strong(file)).append('\n');
        text.expanded.add(closure.main());
        text.children(closure.main(), "");
        VersionProblemText.render(text.out, closure, style);
        return text.out.toString();
    }

    /** One child line per DT_NEEDED entry; under the main object, first what no DT_NEEDED loaded (the interpreter). */
    private void children(LoadedObject parent, String prefix) {
        List<LoadedObject> unrequested = parent == closure.main() ? unrequested() : List.of();
        List<Dependency> dependencies = byRequester.getOrDefault(parent, List.of());
        int total = unrequested.size() + dependencies.size();
        int shown = 0;
        for (LoadedObject o : unrequested) {
            loaded(o, prefix, ++shown == total);
        }
        for (Dependency d : dependencies) {
            dependency(d, prefix, ++shown == total);
        }
    }

    private void dependency(Dependency d, String prefix, boolean last) {
        if (d.provider() == null) {
            line(prefix, last, style.problem(missingLine(d)));
        } else if (d.alreadyLoaded() || expanded.contains(d.provider())) {
            line(prefix, last, style.dim(d.name() + " (already loaded)"));
        } else {
            loaded(d.provider(), prefix, last);
        }
    }

    private void loaded(LoadedObject o, String prefix, boolean last) {
        expanded.add(o);
        // The interpreter is known by its path alone; "path => path" would say nothing.
        String name = o.name().equals(o.path()) ? o.path() : o.name() + " => " + o.path();
        line(prefix, last, name + " " + style.dim("[" + o.howFound() + "]"));
        children(o, prefix + (last ? "    " : "│   "));
    }

    private String missingLine(Dependency d) {
        for (MissingLibrary m : closure.missing()) {
            if (m.requester() == d.requester() && m.name().equals(d.name())) {
                return MissingText.describe(m);
            }
        }
        return d.name() + " not found";
    }

    /** Objects in the namespace that no DT_NEEDED entry loaded: the interpreter, preloaded libraries. */
    private List<LoadedObject> unrequested() {
        Set<LoadedObject> requested = new HashSet<>();
        for (Dependency d : closure.dependencies()) {
            if (d.provider() != null && !d.alreadyLoaded()) {
                requested.add(d.provider());
            }
        }
        List<LoadedObject> unrequested = new ArrayList<>();
        for (LoadedObject o : closure.objects()) {
            if (o != closure.main() && !requested.contains(o)) {
                unrequested.add(o);
            }
        }
        return unrequested;
    }

    private void line(String prefix, boolean last, String text) {
        out.append(prefix).append(last ? "└── " : "├── ").append(text).append('\n');
    }
}
