package dev.nativepack.core.runtimedata;

import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.packages.PackageDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Finds what programs and libraries load or read at run time beyond their DT_NEEDED libraries,
 * from three sources in order: the package manager's file lists (what the library's package, and
 * the data packages of the same software it depends on, install; dpkg's, or rpm's on a root with
 * no dpkg), the data table of well-known libraries (which also says what each path is, which
 * variable moves it and where a bundle puts it; it works without a package manager), and absolute
 * paths compiled into the files (kept in the nativepack cache by each file's identity). Only paths
 * that exist on the build root are reported, each once; links never lead out of the root, and
 * nothing is walked but the needs themselves. Never executes a file it examines (rpm is this
 * machine's program, run only for a root with an rpm database).
 */
public final class RuntimeDataFinder {
    private final RootedFiles root;
    private final PackageDatabase packages;
    private final NeedSource packageSource;
    private final RuntimeDataTable table;
    private final Function<String, String> neverBundle;
    private final StringsReader strings;
    private final FileCache cache;
    /** dpkg's kept answers, read by {@link #warm} or by the first {@link #find}. */
    private KeptPackagedPaths kept;

    /**
     * @param buildRoot   where the files come from (normally /)
     * @param packages    the package database describing that root (dpkg's or rpm's); one that does
     *                    not exist is not consulted
     * @param neverBundle what a file is (by its path on the build root) when it must never be bundled
     *                    (glibc's gconv modules), else null
     */
    public RuntimeDataFinder(Path buildRoot, PackageDatabase packages, RuntimeDataTable table,
                             Function<String, String> neverBundle) {
        this.root = new RootedFiles(buildRoot);
        this.packages = packages;
        this.packageSource = NeedSource.of(packages);
        this.table = table;
        this.neverBundle = neverBundle;
        this.cache = new FileCache(FileCache.defaultRoot().resolve("runtime-data"), KeptPaths.CACHE_BYTES);
        this.strings = new StringsReader(new KeptPaths(cache));
    }

    /**
     * Reads what earlier runs kept (the paths in files, the package database's answers) now, so that {@link #find}
     * need not: for a caller that prepares the finder on another thread while it resolves.
     */
    public RuntimeDataFinder warm() {
        strings.warm();
        keptPackaged().warm();
        return this;
    }

    private KeptPackagedPaths keptPackaged() {
        if (kept == null) {
            kept = new KeptPackagedPaths(cache, packages.exists() ? packages.state() : null);
        }
        return kept;
    }

    /** A finder over a root with its own package database (dpkg's or rpm's, if any) and the built-in table. */
    public static RuntimeDataFinder onRoot(Path buildRoot, Function<String, String> neverBundle) {
        return new RuntimeDataFinder(buildRoot, PackageDatabase.of(buildRoot), RuntimeDataTable.builtIn(), neverBundle);
    }

    /** A file whose needs are wanted, where it is on the root, and the directory it lies in there. */
    private record Subject(ObjectFile file, Path real, String libDir) {
    }

    /** The needs of the files, the table's first (in the files' order), then what only the package manager or strings found. */
    public List<RuntimeNeed> find(List<ObjectFile> files) throws IOException {
        List<Subject> subjects = new ArrayList<>();
        Set<String> libraryDirs = new LinkedHashSet<>();
        for (ObjectFile f : files) {
            Path real = f.file().toRealPath();
            String rootPath = root.rootPath(real);
            String dir = rootPath == null ? null : rootPath.substring(0, Math.max(1, rootPath.lastIndexOf('/')));
            subjects.add(new Subject(f, real, dir));
            if (dir != null) {
                libraryDirs.add(dir);
            }
        }
        Exclusions exclusions = new Exclusions(table, libraryDirs);
        // The files' strings are read on other threads while the package manager is heard on this one.
        List<Future<List<String>>> found = new ArrayList<>();
        for (Subject s : subjects) {
            found.add(strings.start(s.file().elf()));
        }
        Map<Path, Map<String, List<String>>> packaged = packaged(subjects);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            Subject s = subjects.get(i);
            for (Map.Entry<String, List<String>> e : packaged.getOrDefault(s.real(), Map.of()).entrySet()) {
                add(s, e.getKey(), new Evidence(packageSource, String.join(", ", e.getValue())), exclusions,
                        candidates);
            }
            for (String path : StringsReader.result(found.get(i))) {
                add(s, path, new Evidence(NeedSource.STRINGS, s.file().name() + ": " + path), exclusions, candidates);
            }
        }
        strings.finished();
        NeedSet needs = new NeedSet(root, table);
        for (Subject s : subjects) {
            needs.fromTable(s.file(), s.libDir(), candidates);
        }
        for (Candidate c : candidates) {
            needs.merge(c);
        }
        return needs.build(neverBundle);
    }

    /**
     * The owners of the files on the root. The package manager is one source of three: a database
     * that cannot be read (a list dpkg left damaged, one this user may not read, an rpm that fails or
     * does not answer in time) is not consulted, and the table and the strings still speak.
     *
     * @return the owners, or null when the database could not be read
     */
    private Map<Path, PackageDatabase.Owner> owners(List<Subject> subjects) {
        List<Path> onRoot = new ArrayList<>();
        for (Subject s : subjects) {
            if (s.libDir() != null) {
                onRoot.add(s.real());
            }
        }
        try {
            return packages.exists() ? packages.owners(onRoot) : Map.of();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * What the package manager says each file on the root brings, kept between runs until the database changes:
     * only the files not known yet are looked up (and the database read for them).
     */
    private Map<Path, Map<String, List<String>>> packaged(List<Subject> subjects) {
        Map<Path, Map<String, List<String>>> out = new HashMap<>();
        if (!packages.exists()) {
            return out;
        }
        KeptPackagedPaths kept = keptPackaged();
        List<Subject> unknown = new ArrayList<>();
        for (Subject s : subjects) {
            if (s.libDir() == null) {
                continue;
            }
            Map<String, List<String>> known = kept.get(s.real());
            if (known != null) {
                out.put(s.real(), known);
            } else {
                unknown.add(s);
            }
        }
        if (unknown.isEmpty()) {
            return out;
        }
        Map<Path, PackageDatabase.Owner> owners = owners(unknown);
        if (owners == null) {
            return out; // nothing kept: an unreadable database is asked again next time
        }
        for (Subject s : unknown) {
            PackageDatabase.Owner owner = owners.get(s.real());
            Map<String, List<String>> paths;
            try {
                paths = owner == null ? Map.of() : new PackagedPaths(packages).of(owner);
            } catch (IOException | UncheckedIOException e) {
                continue; // not kept: asked again next time
            }
            out.put(s.real(), paths);
            kept.put(s.real(), paths);
        }
        kept.save();
        return out;
    }

    private void add(Subject s, String path, Evidence evidence, Exclusions exclusions, List<Candidate> out) {
        if (exclusions.excludedByName(path)) {
            return;
        }
        String canonical = root.existing(path);
        if (canonical != null && !exclusions.excluded(path, canonical, Files.isDirectory(root.host(canonical)))) {
            out.add(new Candidate(path, canonical, evidence, s.file()));
        }
    }
}
