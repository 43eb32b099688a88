package dev.nativepack.core.runtimedata;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A need while the sources are still being heard: where it is and the evidence so far, with the
 * table's description when the table knows it. Built into a {@link RuntimeNeed} once, at the end,
 * when its size is measured.
 */
final class NeedDraft {
    private final String library;
    private final TableEntry entry;
    private final TableEntry.NeedSpec spec;
    private final String version;
    private final String path;
    private final String canonical;
    private final List<Evidence> evidence = new ArrayList<>();

    /** @param entry and {@code spec}: the table's, or null for a need only dpkg or strings found */
    NeedDraft(String library, TableEntry entry, TableEntry.NeedSpec spec, String version, String path, String canonical) {
        this.library = library;
        this.entry = entry;
        this.spec = spec;
        this.version = version;
        this.path = path;
        this.canonical = canonical;
    }

    String canonical() {
        return canonical;
    }

    String path() {
        return path;
    }

    boolean fromTable() {
        return spec != null;
    }

    void add(Evidence e) {
        // Compared by field, not with the record's equals: its first call costs a short run milliseconds.
        for (Evidence known : evidence) {
            if (known.source() == e.source() && known.detail().equals(e.detail())) {
                return;
            }
        }
        evidence.add(e);
    }

    /** The same place as the other path, by name or with links resolved. */
    boolean isAt(String otherPath, String otherCanonical) {
        return canonical.equals(otherCanonical) || path.equals(otherPath);
    }

    /** This need lies inside the other path (a directory), by name or with links resolved. */
    boolean liesIn(String otherPath, String otherCanonical) {
        return canonical.startsWith(otherCanonical + "/") || path.startsWith(otherPath + "/");
    }

    /** The other path lies inside this need (a directory), by name or with links resolved. */
    boolean holds(String otherPath, String otherCanonical) {
        return otherCanonical.startsWith(canonical + "/") || otherPath.startsWith(path + "/");
    }

    RuntimeNeed build(RootedFiles root, Function<String, String> neverBundle) {
        Path host = root.host(canonical);
        DiskUsage usage = DiskUsage.of(host, canonical, neverBundle);
        boolean directory = Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
        List<Evidence> ordered = new ArrayList<>();
        for (NeedSource s : NeedSource.values()) {
            for (Evidence e : evidence) {
                if (e.source() == s) {
                    ordered.add(e);
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (spec != null && spec.note() != null) {
            notes.add(spec.note());
        }
        List<String> required = spec == null ? List.of() : spec.required();
        for (String r : required) {
            if (!Files.exists(host.resolve(r))) {
                notes.add(r + " is missing on this machine");
            }
        }
        if (!usage.complete()) {
            notes.add("counted as far as it could be read (" + usage.files() + " files)");
        }
        return new RuntimeNeed(library, kind(directory, usage), what(), path, host, usage.bytes(), usage.files(),
                destination(), spec == null ? List.of() : spec.environment(), required,
                spec == null ? List.of() : optionalParts(root, neverBundle), spec == null ? null : spec.namedIn(),
                spec == null ? null : spec.rewrite(), ordered,
                entry == null ? null : entry.provenance(), notes.isEmpty() ? null : String.join("; ", notes),
                usage.neverBundled());
    }

    private NeedKind kind(boolean directory, DiskUsage usage) {
        if (spec != null) {
            return spec.kind();
        }
        if (path.startsWith("/etc/") || canonical.startsWith("/etc/")) {
            return NeedKind.CONFIGURATION;
        }
        if (!directory) {
            return NeedKind.DATA_FILE;
        }
        return usage.sharedObjects() > 0 ? NeedKind.PLUGIN_DIRECTORY : NeedKind.DATA_DIRECTORY;
    }

    private String what() {
        if (spec != null) {
            return spec.what();
        }
        for (Evidence e : evidence) {
            if (e.source().packageManager()) {
                return "files " + e.detail() + " installs with " + library;
            }
        }
        return "a path compiled into " + library;
    }

    /** The table's destination, or one after the path: /usr/share/x is share/x, /etc/x is etc/x, a library directory's x is lib/x. */
    private String destination() {
        if (spec != null) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            return spec.destination().replace(NamePattern.VERSION, version).replace("{name}", name);
        }
        for (String share : new String[] {"/usr/local/share/", "/usr/share/"}) {
            if (path.startsWith(share)) {
                return "share/" + path.substring(share.length());
            }
        }
        for (String etc : new String[] {"/usr/local/etc/", "/etc/"}) {
            if (path.startsWith(etc)) {
                return "etc/" + path.substring(etc.length());
            }
        }
        String libraryDir = PackagedPaths.libraryDirectory(path);
        if (libraryDir != null) {
            return "lib/" + path.substring(libraryDir.length() + 1);
        }
        return path.substring(1);
    }

    private List<OptionalPart> optionalParts(RootedFiles root, Function<String, String> neverBundle) {
        List<OptionalPart> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (TableEntry.OptionalSpec o : spec.optional()) {
            for (String glob : o.globs()) {
                for (String matched : new PathPattern(canonical + "/" + glob).expand(root, null, version)) {
                    String found = matched;
                    Path host = root.host(found);
                    // A link is another name for a part counted under its own name, or not part of the need.
                    if (Files.isSymbolicLink(host)) {
                        continue;
                    }
                    if (o.directories() && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                        int slash = found.lastIndexOf('/');
                        if (slash <= canonical.length()) {
                            continue; // a file directly in the need (fonts.dir): no family of its own
                        }
                        found = found.substring(0, slash);
                        host = root.host(found);
                    }
                    if (!seen.add(found)) {
                        continue;
                    }
                    String relative = found.substring(canonical.length() + 1);
                    // "*.traineddata" names languages: eng, not eng.traineddata.
                    String name = glob.startsWith("*.") && glob.indexOf('*', 1) < 0
                            ? relative.substring(0, relative.length() - glob.length() + 1) : relative;
                    out.add(new OptionalPart(o.part(), name, relative, DiskUsage.of(host, found, neverBundle).bytes(),
                            o.leftOut() && !o.keeps(name)));
                }
            }
        }
        return out;
    }
}
