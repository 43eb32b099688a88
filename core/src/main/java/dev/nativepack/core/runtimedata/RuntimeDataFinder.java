package dev.nativepack.core.runtimedata;

import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.packages.DpkgDatabase;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Finds what programs and libraries load or read at run time beyond their DT_NEEDED libraries,
 * from three sources in order: the package manager's file lists (what the library's package, and
 * the data packages of the same software it depends on, install), the data table of well-known
 * libraries (which also says what each path is, which variable moves it and where a bundle puts
 * it; it works without a package manager), and absolute paths compiled into the files (kept in
 * the nativepack cache by each file's identity). Only paths that exist on the build root are
 * reported, each once; links never lead out of the root, and nothing is walked but the needs
 * themselves. Never executes a file.
 */
public final class RuntimeDataFinder {
    private static final ExecutorService READERS = Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), new Daemons());

    /** Threads that never keep the process alive. A class rather than a lambda: a short run pays for each lambda. */
    private static final class Daemons implements ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread t = new Thread(runnable, "nativepack-strings");
            t.setDaemon(true);
            return t;
        }
    }

    /** The paths compiled into one file, read on a pool thread. */
    private record StringsOf(ElfFile elf, KeptPaths kept) implements Callable<List<String>> {
        @Override
        public List<String> call() {
            return kept.in(elf);
        }
    }
    private final RootedFiles root;
    private final DpkgDatabase dpkg;
    private final RuntimeDataTable table;
    private final Function<String, String> neverBundle;
    private final KeptPaths kept;

    /**
     * @param buildRoot   where the files come from (normally /)
     * @param dpkg        the package database describing that root; one that does not exist is not consulted
     * @param neverBundle what a file is (by its path on the build root) when it must never be bundled
     *                    (glibc's gconv modules), else null
     */
    public RuntimeDataFinder(Path buildRoot, DpkgDatabase dpkg, RuntimeDataTable table,
                             Function<String, String> neverBundle) {
        this.root = new RootedFiles(buildRoot);
        this.dpkg = dpkg;
        this.table = table;
        this.neverBundle = neverBundle;
        this.kept = new KeptPaths(new FileCache(FileCache.defaultRoot().resolve("runtime-data"), KeptPaths.CACHE_BYTES));
    }

    /** A finder over a root with its own dpkg database (if any) and the built-in table. */
    public static RuntimeDataFinder onRoot(Path buildRoot, Function<String, String> neverBundle) {
        return new RuntimeDataFinder(buildRoot, DpkgDatabase.of(buildRoot), RuntimeDataTable.builtIn(), neverBundle);
    }

    /** A file whose needs are wanted, where it is on the root, and the directory it lies in there. */
    private record Subject(ObjectFile file, Path real, String libDir) {
    }

    /** A path dpkg or a file's strings name, before it is matched with the table's needs. */
    private record Candidate(String path, String canonical, Evidence evidence, Subject subject) {
    }

    /** The needs of the files, the table's first (in the files' order), then what only dpkg or strings found. */
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
        // The files' strings are read on other threads while dpkg's lists are read on this one.
        List<Future<List<String>>> strings = new ArrayList<>();
        for (Subject s : subjects) {
            strings.add(READERS.submit(new StringsOf(s.file().elf(), kept)));
        }
        Map<Path, DpkgDatabase.Owner> owners = owners(subjects);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            Subject s = subjects.get(i);
            DpkgDatabase.Owner owner = owners.get(s.real());
            if (owner != null) {
                packaged(s, owner, exclusions, candidates);
            }
            for (String path : joined(strings.get(i))) {
                add(s, path, new Evidence(NeedSource.STRINGS, s.file().name() + ": " + path), exclusions, candidates);
            }
        }
        kept.trimIfAdded();
        List<NeedDraft> needs = new ArrayList<>();
        for (Subject s : subjects) {
            fromTable(s, candidates, needs);
        }
        for (Candidate c : candidates) {
            merge(c, needs);
        }
        List<RuntimeNeed> out = new ArrayList<>();
        for (NeedDraft d : needs) {
            RuntimeNeed need = d.build(root, neverBundle);
            // An empty directory only dpkg or strings name holds nothing to bring; the table's are kept,
            // to say what the library would look for.
            if (d.fromTable() || need.files() > 0) {
                out.add(need);
            }
        }
        return out;
    }

    private static List<String> joined(Future<List<String>> paths) throws IOException {
        try {
            return paths.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading strings", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * The owners of the files on the root. dpkg is one source of three: a database that cannot be
     * read (a list dpkg left damaged, one this user may not read) is not consulted, and the table
     * and the strings still speak.
     */
    private Map<Path, DpkgDatabase.Owner> owners(List<Subject> subjects) {
        List<Path> onRoot = new ArrayList<>();
        for (Subject s : subjects) {
            if (s.libDir() != null) {
                onRoot.add(s.real());
            }
        }
        try {
            return dpkg.exists() ? dpkg.owners(onRoot) : Map.of();
        } catch (IOException | UncheckedIOException e) {
            return Map.of();
        }
    }

    private void packaged(Subject s, DpkgDatabase.Owner owner, Exclusions exclusions, List<Candidate> out) {
        Map<String, List<String>> paths;
        try {
            paths = new PackagedPaths(dpkg).of(owner);
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Map.Entry<String, List<String>> e : paths.entrySet()) {
            add(s, e.getKey(), new Evidence(NeedSource.DPKG, String.join(", ", e.getValue())), exclusions, out);
        }
    }

    private void add(Subject s, String path, Evidence evidence, Exclusions exclusions, List<Candidate> out) {
        if (exclusions.excludedByName(path)) {
            return;
        }
        String canonical = root.existing(path);
        if (canonical != null && !exclusions.excluded(path, canonical, Files.isDirectory(root.host(canonical)))) {
            out.add(new Candidate(path, canonical, evidence, s));
        }
    }

    /**
     * The table's needs of a file. Where a path pattern matches several places (two tessdata
     * versions), the one dpkg or the file's strings point at is taken, else the first.
     */
    private void fromTable(Subject s, List<Candidate> candidates, List<NeedDraft> needs) {
        for (RuntimeDataTable.Match m : table.matching(s.file().name())) {
            for (TableEntry.NeedSpec spec : m.entry().needs()) {
                Set<String> found = new LinkedHashSet<>();
                for (PathPattern p : spec.paths()) {
                    found.addAll(p.expand(root, s.libDir(), m.version()));
                }
                if (found.isEmpty()) {
                    continue;
                }
                NeedDraft chosen = null;
                for (String f : found) {
                    NeedDraft draft = new NeedDraft(s.file().name(), m.entry(), spec, m.version(), f, root.existing(f));
                    if (chosen == null) {
                        chosen = draft;
                    }
                    if (pointedAt(draft, s, candidates)) {
                        chosen = draft;
                        break;
                    }
                }
                NeedDraft same = null;
                for (NeedDraft n : needs) {
                    if (n.isAt(chosen.path(), chosen.canonical())) {
                        same = n;
                    }
                }
                if (same == null) {
                    same = chosen;
                    needs.add(chosen);
                }
                same.add(new Evidence(NeedSource.TABLE, m.entry().library()));
            }
        }
    }

    private static boolean pointedAt(NeedDraft draft, Subject s, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.subject() == s && (draft.isAt(c.path(), c.canonical()) || draft.liesIn(c.path(), c.canonical())
                    || draft.holds(c.path(), c.canonical()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A path dpkg or strings found joins the deepest need it lies in, else every need that lies in
     * it (a package's top directory holding several of the table's), else becomes a need of its own.
     */
    private static void merge(Candidate c, List<NeedDraft> needs) {
        NeedDraft container = null;
        for (NeedDraft n : needs) {
            boolean holds = n.isAt(c.path(), c.canonical()) || n.holds(c.path(), c.canonical());
            if (holds && (container == null || n.canonical().length() > container.canonical().length())) {
                container = n;
            }
        }
        if (container != null) {
            container.add(c.evidence());
            return;
        }
        boolean joined = false;
        for (NeedDraft n : needs) {
            if (n.liesIn(c.path(), c.canonical())) {
                n.add(c.evidence());
                joined = true;
            }
        }
        if (!joined) {
            NeedDraft own = new NeedDraft(c.subject().file().name(), null, null, "", c.path(), c.canonical());
            own.add(c.evidence());
            needs.add(own);
        }
    }
}
