package dev.nativepack.core.runtimedata;

import java.util.ArrayList;
import java.util.List;

/**
 * A path of the data table: '*' matches within one component ({@code /usr/share/tesseract-ocr/*}),
 * {@code $LIBDIR} is the directory the library lies in, {@code {version}} the version its name
 * matched. Expanded by listing one directory per wildcard component, never by walking a tree.
 */
final class PathPattern {
    static final String LIBDIR = "$LIBDIR";

    private final String text;

    PathPattern(String text) {
        this.text = text;
    }

    /** The existing paths it names on the root, in order; none when it needs a $LIBDIR that is not known. */
    List<String> expand(RootedFiles root, String libDir, String version) {
        String path = text.replace(NamePattern.VERSION, version);
        if (path.startsWith(LIBDIR)) {
            if (libDir == null) {
                return List.of();
            }
            path = libDir + path.substring(LIBDIR.length());
        }
        List<String> found = List.of("");
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            List<String> next = new ArrayList<>();
            for (String prefix : found) {
                if (component.indexOf('*') < 0) {
                    next.add(prefix + "/" + component);
                    continue;
                }
                for (String child : root.children(prefix.isEmpty() ? "/" : prefix, component)) {
                    next.add(prefix + "/" + child);
                }
            }
            found = next;
        }
        List<String> existing = new ArrayList<>();
        for (String p : found) {
            if (root.existing(p) != null) {
                existing.add(p);
            }
        }
        return existing;
    }

    @Override
    public String toString() {
        return text;
    }
}
