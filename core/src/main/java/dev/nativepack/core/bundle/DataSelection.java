package dev.nativepack.core.bundle;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which run-time data a bundle brings beyond its defaults: globs over paths in the bundle
 * ({@code share/proj/*.tif}, {@code share/tessdata/deu.traineddata}, {@code share/fonts}). A pattern
 * matches a path or any directory above it, so {@code share/proj} names all of PROJ's data and
 * {@code *} everything. {@code exclude} wins over {@code include}.
 */
public final class DataSelection {
    /** The defaults alone: what a library cannot do without, optional parts the table does not leave out. */
    public static final DataSelection DEFAULT = new DataSelection(List.of(), List.of());

    private final List<Glob> include;
    private final List<Glob> exclude;
    private final Set<String> used = new LinkedHashSet<>();

    private record Glob(String text, PathMatcher matcher) {
    }

    /** @throws IllegalArgumentException for a pattern that is not a glob, or one that leaves the bundle */
    public DataSelection(List<String> include, List<String> exclude) {
        this.include = globs(include, "--data-include");
        this.exclude = globs(exclude, "--data-exclude");
    }

    private static List<Glob> globs(List<String> patterns, String option) {
        List<Glob> out = new ArrayList<>();
        for (String p : patterns) {
            String text = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (text.isEmpty() || text.startsWith("/") || text.startsWith("..")) {
                throw new IllegalArgumentException(option + " " + p + ": a pattern names paths inside the bundle, "
                        + "such as share/proj/*.tif");
            }
            try {
                out.add(new Glob(p, FileSystems.getDefault().getPathMatcher("glob:" + text)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " " + p + ": not a glob pattern: " + e.getMessage());
            }
        }
        return out;
    }

    /** Whether {@code --data-exclude} names this path in the bundle (or a directory above it). */
    boolean excludes(String bundlePath) {
        return matches(exclude, bundlePath);
    }

    /** Whether {@code --data-include} names this path in the bundle (or a directory above it). */
    boolean includes(String bundlePath) {
        return matches(include, bundlePath);
    }

    private boolean matches(List<Glob> globs, String bundlePath) {
        boolean any = false;
        for (Glob g : globs) {
            for (Path p = Path.of(bundlePath); p != null; p = p.getParent()) {
                if (g.matcher().matches(p)) {
                    synchronized (used) {
                        used.add(g.text());
                    }
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    /** The patterns that matched nothing so far, as "--data-exclude PATTERN". */
    List<String> unused() {
        List<String> out = new ArrayList<>();
        for (Glob g : include) {
            if (!used.contains(g.text())) {
                out.add("--data-include " + g.text());
            }
        }
        for (Glob g : exclude) {
            if (!used.contains(g.text())) {
                out.add("--data-exclude " + g.text());
            }
        }
        return out;
    }
}
