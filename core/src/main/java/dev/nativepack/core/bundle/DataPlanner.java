package dev.nativepack.core.bundle;

import dev.nativepack.core.runtimedata.ConfigurationRewrite;
import dev.nativepack.core.runtimedata.EnvironmentSetting;
import dev.nativepack.core.runtimedata.NeedFiles;
import dev.nativepack.core.runtimedata.NeedKind;
import dev.nativepack.core.runtimedata.OptionalPart;
import dev.nativepack.core.runtimedata.RuntimeEnvironment;
import dev.nativepack.core.runtimedata.RuntimeNeed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which of the libraries' run-time needs a bundle brings, file by file: a need some
 * variable moves is copied to its destination (its optional parts that the table leaves out, such as
 * PROJ's grids, only when asked for), one that nothing would find there is left out unless asked
 * for, glibc's gconv modules never. The ELF files of the needs become plugins: stripped,
 * given a search path to lib/, their closures resolved by the caller. A plugin directory that only
 * its library's registry names (gdk-pixbuf's loaders, listed in loaders.cache) moves with that
 * registry. A plugin registry that names bundled directories by absolute path is rewritten to name
 * them where the target unpacks the bundle, and no registry lists a plugin the bundle leaves out.
 * Configuration the table says to rewrite (fontconfig's font directories and cache) is rewritten
 * too, and then moves the needs it names as a variable would.
 */
final class DataPlanner {
    /** What the planner decided; {@code plugins} are the host files whose closures must join lib/. */
    record Planned(BundleData data, List<BundleFile> files, List<GeneratedFile> generated, List<RuntimeNeed> bundled) {
    }

    private final DataSelection selection;
    private final Path buildRoot;

    DataPlanner(DataSelection selection, Path buildRoot) {
        this.selection = selection;
        this.buildRoot = buildRoot;
    }

    Planned plan(List<RuntimeNeed> needs, String root) throws IOException {
        List<DataChoice> choices = new ArrayList<>();
        List<RuntimeNeed> bundled = new ArrayList<>();
        Map<String, BundleFile> files = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        // Needs whose place is the bundle's, brought or left out by --data-exclude: registries name them there.
        List<RuntimeNeed> placed = new ArrayList<>();
        for (RuntimeNeed n : needs) {
            if (!n.bundled()) {
                choices.add(new DataChoice(n, DataChoice.Status.FROM_TARGET, n.neverBundled(), 0, 0, List.of(), n.bytes()));
                continue;
            }
            String parent = within(n, bundled);
            if (parent != null) {
                bundled.add(n);
                choices.add(new DataChoice(n, DataChoice.Status.BUNDLED, "in " + parent, 0, 0, List.of(), 0));
                continue;
            }
            boolean movable = movable(n) || listedByMovableRegistry(n, needs) || namedByRewrittenConfiguration(n, needs);
            if (movable) {
                placed.add(n);
            }
            long bytes = 0;
            long skipped = 0;
            int count = 0;
            boolean excluded = false;
            Set<OptionalPart> leftOut = new LinkedHashSet<>();
            for (NeedFiles.DataFile f : NeedFiles.of(n, buildRoot)) {
                String path = f.relative().isEmpty() ? n.destination() : n.destination() + "/" + f.relative();
                OptionalPart part = partOf(n, f.relative());
                boolean byDefault = movable && (part == null || !part.leftOut());
                long size = Files.size(f.source());
                boolean excludes = selection.excludes(path);
                excluded |= excludes;
                if (excludes || !(byDefault || selection.includes(path))) {
                    skipped += size;
                    if (part != null) {
                        leftOut.add(part);
                    }
                    continue;
                }
                // An ELF file anywhere in a need is a module something loads (Python's lib-dynload inside its library).
                boolean plugin = isLoadableElf(f.source());
                BundleFile file = new BundleFile(path, f.source(), plugin ? BundleFile.Role.PLUGIN : BundleFile.Role.DATA,
                        null, plugin ? libraryFrom(path) : null, f.executable(), n.kind().label() + " of " + n.library());
                if (files.putIfAbsent(path, file) == null) {
                    bytes += size;
                    count++;
                }
            }
            if (count == 0) {
                String why;
                if (!movable && n.namedIn() != null) {
                    why = "nothing would find it: " + n.namedIn() + ", whose configuration names it, is left out";
                } else if (!movable) {
                    why = "no variable moves it: " + n.library() + " would still look in " + n.path()
                            + " (--data-include " + n.destination() + " brings it anyway)";
                } else if (excluded) {
                    why = "left out by --data-exclude";
                } else {
                    why = "no " + (leftOut.isEmpty() ? "part" : leftOut.iterator().next().part())
                            + " of it is brought by default (--data-include " + n.destination() + "/NAME brings one)";
                }
                choices.add(new DataChoice(n, DataChoice.Status.LEFT_OUT, why, 0, 0, List.copyOf(leftOut), skipped));
                continue;
            }
            bundled.add(n);
            for (String r : n.required()) {
                if (!files.containsKey(n.destination() + "/" + r)) {
                    notes.add(n.destination() + "/" + r + " is left out, and " + n.library() + " cannot work without it");
                }
            }
            choices.add(new DataChoice(n, DataChoice.Status.BUNDLED, movable ? null
                    : "asked for, but no variable moves it: " + n.library() + " still looks in " + n.path(),
                    bytes, count, List.copyOf(leftOut), skipped));
        }
        List<GeneratedFile> generated = registries(bundled, placed, files, root, notes);
        generated.addAll(rewrittenConfiguration(bundled, files));
        notes.addAll(selection.unused().stream().map(p -> p + " matched nothing").toList());
        List<String> lists = new ArrayList<>();
        for (RuntimeNeed n : bundled) {
            for (EnvironmentSetting s : n.environment()) {
                if (s.list() && !lists.contains(s.name())) {
                    lists.add(s.name());
                }
            }
        }
        BundleData data = new BundleData(root, RuntimeEnvironment.of(bundled, root), lists, choices, notes);
        return new Planned(data, new ArrayList<>(files.values()), generated, bundled);
    }

    /** Whether a variable points the library at the need's place in the bundle. */
    private static boolean movable(RuntimeNeed n) {
        return n.environment().stream().anyMatch(EnvironmentSetting::inBundle);
    }

    /**
     * A plugin directory no variable names, whose library finds its plugins only through a registry
     * that a variable moves (gdk-pixbuf's loaders, through loaders.cache and GDK_PIXBUF_MODULE_FILE):
     * the registry, rewritten, names the plugins in the bundle.
     */
    private boolean listedByMovableRegistry(RuntimeNeed n, List<RuntimeNeed> needs) {
        if (n.kind() != NeedKind.PLUGIN_DIRECTORY || !n.environment().isEmpty()) {
            return false;
        }
        for (RuntimeNeed r : needs) {
            if (r.kind() == NeedKind.REGISTRY_FILE && r.bundled() && r.library().equals(n.library()) && movable(r)
                    && !selection.excludes(r.destination())) {
                return true;
            }
        }
        return false;
    }

    /** The destination of a need already bundled that holds this one's (Graphviz's config6 in its plugins), or null. */
    private static String within(RuntimeNeed n, List<RuntimeNeed> bundled) {
        for (RuntimeNeed b : bundled) {
            if (n.destination().equals(b.destination()) || n.destination().startsWith(b.destination() + "/")) {
                return b.destination();
            }
        }
        return null;
    }

    /**
     * Whether the need is moved by another's configuration, which the bundle rewrites to name the
     * copy (fonts.conf's font directories): true when that need is brought.
     */
    private boolean namedByRewrittenConfiguration(RuntimeNeed n, List<RuntimeNeed> needs) {
        if (n.namedIn() == null) {
            return false;
        }
        for (RuntimeNeed m : needs) {
            if (m.rewrite() != null && m.bundled() && m.destination().equals(n.namedIn())
                    && !selection.excludes(m.destination())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The configuration files of needs the table says to rewrite (fontconfig's), naming what the
     * bundle brings where it puts it; a file the rewrite leaves as it was stays a copy.
     */
    private List<GeneratedFile> rewrittenConfiguration(List<RuntimeNeed> bundled, Map<String, BundleFile> files)
            throws IOException {
        Map<String, String> moved = new LinkedHashMap<>();
        for (RuntimeNeed n : bundled) {
            moved.putIfAbsent(n.path(), n.destination());
            moved.putIfAbsent("/" + buildRoot.toAbsolutePath().normalize().relativize(n.hostPath().toAbsolutePath()
                    .normalize()), n.destination());
        }
        moved.remove("/");
        List<GeneratedFile> out = new ArrayList<>();
        for (RuntimeNeed r : bundled) {
            if (r.rewrite() == null || !ConfigurationRewrite.FONTCONFIG.equals(r.rewrite().format())) {
                continue;
            }
            for (BundleFile f : List.copyOf(files.values())) {
                if (f.role() != BundleFile.Role.DATA || !f.path().startsWith(r.destination() + "/")
                        || !f.path().endsWith(".conf")) {
                    continue;
                }
                // Byte for byte as Latin-1: the elements rewritten are ASCII, the rest of the UTF-8 text stays as it was.
                String text = Files.readString(f.source(), StandardCharsets.ISO_8859_1);
                String rewritten = FontconfigFiles.rewrite(text, f.path(), moved, r.rewrite().cacheDirectory());
                if (!rewritten.equals(text)) {
                    files.remove(f.path());
                    out.add(new GeneratedFile(f.path(), rewritten.getBytes(StandardCharsets.ISO_8859_1), false,
                            r.kind().label() + " of " + r.library() + ", rewritten for the bundle"));
                }
            }
        }
        return out;
    }

    private static OptionalPart partOf(RuntimeNeed n, String relative) {
        for (OptionalPart p : n.optionalParts()) {
            if (relative.equals(p.path()) || relative.startsWith(p.path() + "/")) {
                return p;
            }
        }
        return null;
    }

    /** DT_RPATH for a plugin at {@code path}: {@code lib/ImageMagick/coders/png.so} gets {@code $ORIGIN/../../../lib}. */
    static String libraryFrom(String path) {
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        return "$ORIGIN/" + "../".repeat(depth) + "lib";
    }

    /**
     * Registry files that name bundled directories by absolute path (gdk-pixbuf's loaders.cache),
     * rewritten to name them at {@code root}, where the target unpacks the bundle: Debian's
     * gdk-pixbuf takes a module's path as it is (only a build made relocatable resolves a relative
     * one, against the program's directory, not the cache's). One naming plugins by file name
     * (Graphviz's config6) stays valid as it is. Either kind loses the entries of plugins the bundle
     * leaves out.
     *
     * @param placed the needs whose destination is the bundle's, brought or not
     */
    private List<GeneratedFile> registries(List<RuntimeNeed> bundled, List<RuntimeNeed> placed,
                                           Map<String, BundleFile> files, String root, List<String> notes)
            throws IOException {
        List<GeneratedFile> out = new ArrayList<>();
        String prefix = "/".equals(root) ? "" : root;
        for (RuntimeNeed r : bundled) {
            if (r.kind() != NeedKind.REGISTRY_FILE) {
                continue;
            }
            BundleFile copy = files.get(r.destination());
            if (copy == null) {
                continue;
            }
            String text = Files.readString(copy.source(), StandardCharsets.ISO_8859_1);
            String rewritten = text;
            for (RuntimeNeed n : placed) {
                String at = prefix + "/" + n.destination();
                for (String named : new String[] {n.path(), "/" + buildRoot.toAbsolutePath().normalize()
                        .relativize(n.hostPath().toAbsolutePath().normalize())}) {
                    if (!"/".equals(named) && n.kind() != NeedKind.REGISTRY_FILE) {
                        rewritten = rewritten.replace(named + "/", at + "/").replace("\"" + named + "\"", "\"" + at + "\"");
                    }
                }
            }
            List<String> dropped = new ArrayList<>();
            rewritten = withoutMissingPlugins(rewritten, r.destination(), files, dropped);
            rewritten = withoutMissingModules(rewritten, prefix, placed, files, dropped);
            if (!dropped.isEmpty()) {
                notes.add(r.destination() + ": the plugins left out are no longer listed: " + String.join(", ", dropped));
            }
            if (!rewritten.equals(text)) {
                files.remove(r.destination());
                out.add(new GeneratedFile(r.destination(), rewritten.getBytes(StandardCharsets.ISO_8859_1), false,
                        r.kind().label() + " of " + r.library() + ", rewritten for the bundle"));
            }
            if (rewritten.contains(r.path().substring(0, r.path().lastIndexOf('/') + 1))) {
                notes.add(r.destination() + " names paths outside the bundle that could not be rewritten");
            }
        }
        return out;
    }

    /**
     * A registry that lists plugins in blocks headed by their file name in its own directory
     * (Graphviz's config6: {@code libgvplugin_gd.so.6 gd {} ... {@code }}), without the blocks of
     * plugins the bundle does not bring: the library would try to load each one listed, and warn.
     */
    private static String withoutMissingPlugins(String registry, String destination, Map<String, BundleFile> files,
                                                List<String> dropped) {
        String directory = destination.contains("/") ? destination.substring(0, destination.lastIndexOf('/') + 1) : "";
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : registry.split("(?<=\n)")) {
            if (skipping) {
                skipping = !line.startsWith("}");
                continue;
            }
            java.util.regex.Matcher block = PLUGIN_BLOCK.matcher(line);
            if (block.lookingAt() && !files.containsKey(directory + block.group(1))) {
                dropped.add(block.group(1));
                skipping = true;
                continue;
            }
            out.append(line);
        }
        return out.toString();
    }

    /**
     * A registry of blocks separated by blank lines, each headed by its module's absolute path in
     * quotes (gdk-pixbuf's loaders.cache: {@code "/var/task/lib/gdk-pixbuf/loaders/libpixbufloader-bmp.so"}
     * then the format's lines), without the blocks of modules in a directory of the bundle (at
     * {@code prefix}, the root) that the bundle does not bring: gdk-pixbuf would choose such a loader
     * for its format and fail to open it.
     */
    private static String withoutMissingModules(String registry, String prefix, List<RuntimeNeed> placed,
                                                Map<String, BundleFile> files, List<String> dropped) {
        List<String> directories = placed.stream().map(n -> prefix + "/" + n.destination() + "/").toList();
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        boolean blockStart = true;
        for (String line : registry.split("(?<=\n)")) {
            boolean blank = line.isBlank();
            if (skipping) {
                skipping = !blank;
                blockStart = blank;
                continue;
            }
            java.util.regex.Matcher module = MODULE_HEAD.matcher(line);
            String path = module.matches() ? module.group(1) : null;
            if (blockStart && path != null && directories.stream().anyMatch(path::startsWith)
                    && !files.containsKey(path.substring(prefix.length() + 1))) {
                dropped.add(path.substring(path.lastIndexOf('/') + 1));
                skipping = true;
                continue;
            }
            blockStart = blank || line.startsWith("#");
            out.append(line);
        }
        return out.toString();
    }

    /** A module's line in a registry of blocks: {@code "/opt/lib/gdk-pixbuf/loaders/libpixbufloader-bmp.so"}. */
    private static final java.util.regex.Pattern MODULE_HEAD = java.util.regex.Pattern.compile("\"(/[^\"]+)\"[ \t]*\r?\n?");

    /** A block's head in a plugin registry: {@code libgvplugin_core.so.6 core {}. */
    private static final java.util.regex.Pattern PLUGIN_BLOCK =
            java.util.regex.Pattern.compile("([^\\s/#{}]+\\.so(?:\\.[0-9]+)*)[ \\t]+\\S+[ \\t]*\\{[ \\t]*\\r?\\n");

    /** A shared object or program (not an object file or archive, which are data to the loader). */
    private static boolean isLoadableElf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(18);
            if (b.length < 18 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
                return false;
            }
            int type = b[5] == 2 ? (b[16] & 0xff) << 8 | (b[17] & 0xff) : (b[17] & 0xff) << 8 | (b[16] & 0xff);
            return type == 2 || type == 3;
        }
    }
}
