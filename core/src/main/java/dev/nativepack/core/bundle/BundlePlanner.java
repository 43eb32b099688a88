package dev.nativepack.core.bundle;

import dev.nativepack.core.audit.AuditInputException;
import dev.nativepack.core.audit.Auditor;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.NeverBundle;
import dev.nativepack.core.audit.Rule;
import dev.nativepack.core.audit.Severity;
import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.FoundVia;
import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.core.resolve.TargetView;
import dev.nativepack.core.resolve.VersionProblem;
import dev.nativepack.core.runtimedata.ObjectFile;
import dev.nativepack.core.runtimedata.RuntimeDataFinder;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import dev.nativepack.core.target.TargetLibrary;
import dev.nativepack.core.target.TargetProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a bundle holds: each entry's closure resolved on the target, minus what the target
 * provides, minus what must never be bundled. Where the target's copy of a library is too old for
 * what the bundle needs (a libstdc++ without GLIBCXX_3.4.30, say), the build machine's copy is
 * bundled instead, renamed so that it is the one loaded; where that cannot help (glibc itself, a
 * library found nowhere), the bundle is refused with the audit's findings, unless allowed.
 */
public final class BundlePlanner {
    /** A library replaced by a newer copy can need another replaced in turn; this bounds the rounds. */
    private static final int MAX_ROUNDS = 8;

    private final Target target;
    private final Path buildRoot;
    private final Set<String> allowed;
    private final Set<String> forced;
    private final DataSelection data;

    /** @param allowed rule ids whose errors do not stop the bundle */
    public BundlePlanner(Target target, Path buildRoot, Set<String> allowed) {
        this(target, buildRoot, allowed, Set.of());
    }

    /**
     * @param forced libraries (by name) to bundle from this machine although the target has them, for a
     *               newer or differently built copy: they are renamed like a library the target has too old
     */
    public BundlePlanner(Target target, Path buildRoot, Set<String> allowed, Set<String> forced) {
        this(target, buildRoot, allowed, forced, DataSelection.DEFAULT);
    }

    /** @param data which run-time data beyond the defaults to bring or leave out */
    public BundlePlanner(Target target, Path buildRoot, Set<String> allowed, Set<String> forced, DataSelection data) {
        this.target = target;
        this.buildRoot = buildRoot;
        this.allowed = Set.copyOf(allowed);
        this.forced = Set.copyOf(forced);
        this.data = data;
    }

    /**
     * @param entries programs, and for the Python layout site-packages trees (directories): a tree's
     *                files go under {@code python/} as they are, its ELF files (extension modules)
     *                with their closures resolved, and what they need from outside the tree into
     *                {@code lib/}
     */
    public BundlePlan plan(List<Path> entries, Layout layout, List<Include> includes)
            throws BundleException, IOException {
        List<Path> programs = new ArrayList<>();
        List<SiteTree> trees = new ArrayList<>();
        for (Path entry : entries) {
            if (java.nio.file.Files.isDirectory(entry)) {
                if (layout.treeDirectory() == null) {
                    throw new BundleException(entry + ": is a directory; only --layout python takes a tree "
                            + "(a site-packages directory)");
                }
                trees.add(SiteTree.scan(entry));
            } else {
                programs.add(entry);
            }
        }
        List<Path> resolved = new ArrayList<>(programs);
        for (SiteTree tree : trees) {
            resolved.addAll(tree.elfFiles());
        }
        Set<String> replaced = new LinkedHashSet<>(forced);
        Target effective = forced.isEmpty() ? target : without(target, replaced);
        List<Closure> closures = List.of();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            closures = resolveAll(effective, resolved);
            Set<String> newer = replaceable(closures);
            newer.removeAll(replaced);
            if (newer.isEmpty()) {
                break;
            }
            replaced.addAll(newer);
            effective = without(effective, replaced);
        }
        List<Finding> warnings = new ArrayList<>();
        List<Finding> blocking = new ArrayList<>();
        List<String> names = entries.stream().map(Path::toString).toList();
        // A tree's modules share libraries, and each reports a library's problem: say it once.
        Set<String> seen = new java.util.HashSet<>();
        try {
            // What the libraries load at run time is brought below, and said there.
            for (Finding f : new Auditor(effective, buildRoot).withoutRuntimeData().audit(names).findings()) {
                if (!seen.add(f.rule().id() + '\0' + f.message())) {
                    continue;
                }
                boolean bundled = f.rule() == Rule.BUNDLE_REQUIRED || f.rule() == Rule.SIZE_LIMIT;
                if (f.severity() == Severity.ERROR && !bundled && !allowed.contains(f.rule().id())) {
                    blocking.add(f);
                } else if (!bundled) {
                    warnings.add(f);
                }
            }
        } catch (AuditInputException e) {
            throw new BundleException(e.getMessage());
        }
        if (!blocking.isEmpty()) {
            throw new BundleException(blocking.size() + (blocking.size() == 1 ? " problem" : " problems")
                    + " would stop the bundle from working on " + target.id(), blocking);
        }
        DataPlanner planner = new DataPlanner(data, buildRoot);
        RuntimeDataFinder finder = RuntimeDataFinder.onRoot(buildRoot, NeverBundle::category);
        List<ObjectFile> heard = ObjectFile.of(closures);
        DataPlanner.Planned planned = planner.plan(finder.find(heard), environmentRoot(layout));
        List<Path> plugins;
        List<Closure> pluginClosures;
        // The plugins' libraries may read data too (Graphviz's cairo plugin loads fontconfig through
        // pango): they are heard until no new library comes.
        for (int round = 0; ; round++) {
            plugins = new ArrayList<>();
            for (BundleFile f : planned.files()) {
                if (f.role() == BundleFile.Role.PLUGIN) {
                    plugins.add(f.source());
                }
            }
            pluginClosures = resolveAll(effective, plugins);
            List<Closure> all = new ArrayList<>(closures);
            all.addAll(pluginClosures);
            List<ObjectFile> objects = ObjectFile.of(all);
            if (round == MAX_ROUNDS || files(objects).equals(files(heard))) {
                break;
            }
            heard = objects;
            planned = planner.plan(finder.find(heard), environmentRoot(layout));
        }
        // A plugin that needs a newer library than the target's (libstdc++) gets this machine's, as an
        // entry does; the entries' closures then take it too, since one process loads one copy.
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<String> newer = replaceable(pluginClosures);
            newer.addAll(replaceable(closures));
            newer.removeAll(replaced);
            if (newer.isEmpty()) {
                break;
            }
            replaced.addAll(newer);
            effective = without(effective, replaced);
            closures = resolveAll(effective, resolved);
            pluginClosures = resolveAll(effective, plugins);
        }
        warnings.addAll(pluginProblems(effective, plugins, seen));
        List<String> notes = new ArrayList<>(planned.data().notes());
        for (int i = 0; i < plugins.size(); i++) {
            for (var m : pluginClosures.get(i).missing()) {
                notes.add(plugins.get(i) + " needs " + m.name() + ", found nowhere: the plugin will not load");
            }
        }
        BundleData bundleData = new BundleData(planned.data().root(), planned.data().environment(),
                planned.data().lists(), planned.data().choices(), notes);
        boolean wrapped = !bundleData.environment().isEmpty() && !programs.isEmpty()
                && (layout == Layout.FUNCTION || layout == Layout.DIR);
        List<Closure> all = new ArrayList<>(closures);
        all.addAll(pluginClosures);
        List<BundleFile> files = files(programs, trees, layout, includes, all, replaced, wrapped);
        Set<String> taken = new java.util.HashSet<>();
        for (BundleFile f : files) {
            taken.add(f.path());
        }
        for (BundleFile f : planned.files()) {
            if (!taken.add(f.path())) {
                throw new BundleException("two different files would be bundled as " + f.path() + ": " + f.source()
                        + " (" + f.reason() + ") and another");
            }
            files.add(f);
        }
        List<GeneratedFile> generated = new ArrayList<>(planned.generated());
        if (!bundleData.environment().isEmpty()) {
            if (wrapped) {
                generated.add(EnvironmentFiles.bootstrap(bundleData, files.get(0).path()));
            }
            generated.add(EnvironmentFiles.envFile(bundleData));
            generated.add(EnvironmentFiles.configuration(bundleData));
        }
        for (GeneratedFile g : generated) {
            if (!taken.add(g.path())) {
                throw new BundleException("two different files would be bundled as " + g.path()
                        + ": one of the inputs and the one nativepack writes");
            }
        }
        return new BundlePlan(target, layout, files, renames(replaced, all), warnings, bundleData, generated);
    }

    /**
     * What stops a plugin from loading on the target (a symbol version it lacks, a library found
     * nowhere), audited as any input is. Not blocking: a plugin that cannot load only takes its
     * format away, which the caller may accept; said once each, as a warning naming the plugin.
     */
    private List<Finding> pluginProblems(Target effective, List<Path> plugins, Set<String> seen) {
        List<Finding> out = new ArrayList<>();
        if (plugins.isEmpty()) {
            return out;
        }
        List<Finding> found;
        try {
            found = new Auditor(effective, buildRoot).withoutRuntimeData()
                    .audit(plugins.stream().map(Path::toString).toList()).findings();
        } catch (AuditInputException | IOException e) {
            out.add(new Finding(Rule.MISSING_LIBRARY, Severity.WARNING, plugins.get(0).toString(), null,
                    "the plugins could not be audited: " + e.getMessage(), List.of(), ""));
            return out;
        }
        for (Finding f : found) {
            if (f.severity() != Severity.ERROR || f.rule() == Rule.BUNDLE_REQUIRED || f.rule() == Rule.SIZE_LIMIT
                    || !seen.add(f.rule().id() + '\0' + f.message())) {
                continue;
            }
            out.add(new Finding(f.rule(), Severity.WARNING, f.file(), f.subject(),
                    "plugin " + Path.of(f.file()).getFileName() + " will not load on " + target.id() + ": "
                            + f.message(), f.evidence(), f.fix()));
        }
        return out;
    }

    /** The files of programs and libraries heard for run-time data, to tell when no new one comes. */
    private static Set<Path> files(List<ObjectFile> objects) {
        Set<Path> out = new java.util.HashSet<>();
        for (ObjectFile o : objects) {
            out.add(o.file());
        }
        return out;
    }

    /** Where the bundle is unpacked on the target, which the environment's values start with. */
    private String environmentRoot(Layout layout) {
        if (layout.isLayer()) {
            return target.layout().layerRoot() != null ? target.layout().layerRoot() : "/opt";
        }
        return target.layout().taskRoot();
    }

    private List<Closure> resolveAll(Target t, List<Path> entries) throws IOException {
        Resolver resolver = new Resolver(TargetProfiles.of(t), TargetView.NO_FILES,
                new TargetView(TargetBaseline.of(t), Map.of(), buildRoot));
        List<Closure> out = new ArrayList<>();
        for (Path entry : entries) {
            out.add(resolver.resolve(entry));
        }
        return out;
    }

    /** Target libraries too old for a requirement, that may be bundled instead (not glibc's). */
    private static Set<String> replaceable(List<Closure> closures) {
        Set<String> out = new LinkedHashSet<>();
        for (Closure c : closures) {
            for (VersionProblem p : c.versionProblems()) {
                if (!p.weak() && p.provider().baseline() != null && dev.nativepack.core.audit.NeverBundle.category(p.library()) == null) {
                    out.add(p.library());
                }
            }
        }
        return out;
    }

    /** The target as if it lacked these libraries: the resolver then takes them from the build machine. */
    private static Target without(Target t, Set<String> names) {
        List<TargetLibrary> kept = new ArrayList<>();
        for (TargetLibrary l : t.libraries()) {
            if (!names.contains(l.name()) && !names.contains(l.effectiveSoname())) {
                kept.add(l);
            }
        }
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), t.libc(), t.ceilings(), t.loader(),
                t.layout(), t.limits(), kept);
    }

    /**
     * @param wrapped the first entry goes to bin/ and a generated bootstrap runs it (function and dir
     *                layouts with an environment to set)
     */
    private List<BundleFile> files(List<Path> entries, List<SiteTree> trees, Layout layout, List<Include> includes,
                                   List<Closure> closures, Set<String> replaced, boolean wrapped)
            throws BundleException, IOException {
        Map<String, BundleFile> byPath = new LinkedHashMap<>();
        Map<Path, String> sources = new LinkedHashMap<>();
        Map<String, String> renames = renames(replaced, closures);
        for (int i = 0; i < entries.size(); i++) {
            Path entry = entries.get(i);
            String name = entry.getFileName().toString();
            boolean moved = wrapped && i == 0;
            String path = moved ? "bin/" + name : layout.programPath(i, name);
            add(byPath, sources, new BundleFile(path, entry.toRealPath(), BundleFile.Role.ENTRY, null,
                    moved ? "$ORIGIN/../lib" : layout.entryRpath(i), true, moved ? "entry, run by bootstrap" : "entry"));
        }
        // The closures of a tree's ELF files follow those of the programs, in the trees' order.
        int next = entries.size();
        for (SiteTree tree : trees) {
            for (SiteTree.TreeFile f : tree.files()) {
                String path = layout.treeDirectory() + f.relativePath();
                if (!f.elf()) {
                    add(byPath, sources, new BundleFile(path, f.source(), BundleFile.Role.INCLUDED, null, null,
                            f.executable(), "in " + tree.root().getFileName()));
                    continue;
                }
                Closure c = closures.get(next++);
                boolean needsLib = c.objects().stream().anyMatch(o -> bundledFromOutside(o, trees));
                String rpath = null;
                boolean runpath = false;
                if (needsLib) {
                    // The file keeps what it searched (a wheel's $ORIGIN/../x.libs) and gains lib/.
                    String lib = "$ORIGIN/" + "../".repeat(depth(path)) + "lib";
                    var dynamic = c.main().elf() == null ? null : c.main().elf().dynamic();
                    String existing = dynamic == null ? null : dynamic.runpath() != null ? dynamic.runpath() : dynamic.rpath();
                    runpath = dynamic != null && dynamic.runpath() != null;
                    rpath = existing == null || existing.isEmpty() ? lib : existing + ":" + lib;
                }
                add(byPath, sources, new BundleFile(path, f.source(), BundleFile.Role.MODULE, null, rpath,
                        f.executable(), "in " + tree.root().getFileName(), runpath));
            }
        }
        for (Closure c : closures) {
            for (LoadedObject o : c.objects()) {
                if (!bundledFromOutside(o, trees)) {
                    continue;
                }
                String soname = o.soname() != null ? o.soname() : o.name();
                String bundled = renames.getOrDefault(soname, soname);
                Path real = o.hostPath().toRealPath();
                String path = layout.libraryPath(bundled);
                add(byPath, sources, new BundleFile(path, real, BundleFile.Role.LIBRARY, bundled, "$ORIGIN", false,
                        "needed by " + (o.loader() == null ? "?" : o.loader().name())
                                + (o.via() == FoundVia.BUILD_MACHINE ? ", from this machine" : "")));
            }
        }
        for (Include inc : includes) {
            Path real = inc.source().toRealPath();
            add(byPath, sources, new BundleFile(inc.destination(), real, BundleFile.Role.INCLUDED, null, null,
                    java.nio.file.Files.isExecutable(real), "--include"));
        }
        return new ArrayList<>(byPath.values());
    }

    /** A library of a closure that goes into lib/: not the root, not the target's, not a tree's own file. */
    private static boolean bundledFromOutside(LoadedObject o, List<SiteTree> trees) {
        if (o.index() <= 0 || o.baseline() != null || o.elf() == null || o.hostPath() == null
                || o.via() == FoundVia.INTERPRETER) {
            return false;
        }
        for (SiteTree t : trees) {
            if (t.holds(o.hostPath())) {
                return false;
            }
        }
        return true;
    }

    /** How many directories deep a bundle path is: {@code python/pkg/mod.so} is 2. */
    private static int depth(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** One file per path; the same file reached twice is kept once; two files for one path is an error. */
    private static void add(Map<String, BundleFile> byPath, Map<Path, String> sources, BundleFile f)
            throws BundleException {
        BundleFile existing = byPath.get(f.path());
        if (existing != null) {
            if (existing.source().equals(f.source())) {
                return;
            }
            throw new BundleException("two different files would be bundled as " + f.path() + ": " + existing.source()
                    + " and " + f.source());
        }
        String already = sources.get(f.source());
        if (already != null && f.role() == BundleFile.Role.LIBRARY) {
            // One library reached under two names (a link and its soname): bundled once, under the first.
            return;
        }
        sources.put(f.source(), f.path());
        byPath.put(f.path(), f);
    }

    /** New names for libraries the target also has: {@code libstdc++.so.6 -> libstdc++-0a1b2c3d.so.6}. */
    private static Map<String, String> renames(Set<String> replaced, List<Closure> closures) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String soname : replaced) {
            Path file = null;
            for (Closure c : closures) {
                for (LoadedObject o : c.objects()) {
                    if (o.baseline() == null && o.hostPath() != null && soname.equals(o.soname())) {
                        file = o.hostPath().toRealPath();
                    }
                }
            }
            if (file != null) {
                out.put(soname, SonameRename.newName(soname, file));
            }
        }
        return out;
    }

    /** An extra file: {@code --include PATH[:DEST]}. */
    public record Include(Path source, String destination) {
        public static Include parse(String spec) {
            int colon = spec.lastIndexOf(':');
            String src = colon > 0 ? spec.substring(0, colon) : spec;
            String dest = colon > 0 ? spec.substring(colon + 1) : Path.of(spec).getFileName().toString();
            while (dest.startsWith("/")) {
                dest = dest.substring(1);
            }
            if (dest.isEmpty() || Path.of(dest).normalize().startsWith("..")) {
                throw new IllegalArgumentException("--include " + spec + ": the destination must stay inside the bundle");
            }
            return new Include(Path.of(src), Path.of(dest).normalize().toString());
        }
    }
}
