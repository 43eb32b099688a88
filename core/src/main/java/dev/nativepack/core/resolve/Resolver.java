package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves an object's shared-library closure exactly as glibc's ld.so would on the target
 * described by a {@link LoaderProfile}, reading files under a root directory. Nothing is executed.
 *
 * <p>The loader maps dependencies breadth-first: each object's DT_NEEDED entries are processed
 * in order, a name that matches an object already loaded (by a name it was requested as, its
 * SONAME, or the same file) is not searched again, and the first requester's search decides for
 * everybody (research/elf.md §2.1, §2.2).
 */
public final class Resolver {
    private final LoaderProfile profile;
    private final RootFileSystem rootFs;
    private final Baseline baseline;
    private final BuildMachineSearch buildMachine;
    private LdSoCache cache;
    private boolean cacheRead;

    public Resolver(LoaderProfile profile, Path root) {
        this.profile = profile;
        this.rootFs = new RootFileSystem(root);
        this.baseline = null;
        this.buildMachine = null;
    }

    /**
     * Resolves for a target known as data: its libraries come from the view's baseline, archives
     * are mounted where the target unpacks them, and what the target lacks is looked for on the
     * build machine (found there, it is marked {@link FoundVia#BUILD_MACHINE}).
     */
    public Resolver(LoaderProfile profile, Path root, TargetView view) {
        this.profile = profile;
        this.rootFs = new RootFileSystem(root, view.mounts());
        this.baseline = view.baseline();
        this.buildMachine = view.buildRoot() == null ? null : new BuildMachineSearch(view.buildRoot());
    }

    /** Resolves the file (a path on this machine). Malformed input raises MalformedElfException. */
    public Closure resolve(Path file) throws IOException {
        return resolve(ElfFile.open(file));
    }

    /** Resolves an ELF file already opened (for example to detect its loader profile first). */
    public Closure resolve(ElfFile main) throws IOException {
        return new Run(main, main.path(), List.of()).resolve();
    }

    /**
     * Resolves a file that a process loads by path together with others, each loaded first when
     * something needs it (the natives a JVM extracts from one jar directory: its loader loads a
     * library with System.load before the JNI library whose DT_NEEDED names it). A DT_NEEDED name
     * that no loaded object has and that equals the DT_SONAME of one of {@code loadedFirst} is that
     * file, found without a search ({@link FoundVia#LOADED_FIRST}): _dl_map_object matches a name
     * against the SONAMEs of the objects already loaded before it searches. Its own dependencies
     * then join the breadth-first order. Files of another class or machine, or without a SONAME,
     * are never matched.
     *
     * @param loadedFirst files on this machine (the main file among them is ignored)
     */
    public Closure resolve(ElfFile main, List<Path> loadedFirst) throws IOException {
        return new Run(main, main.path(), loadedFirst).resolve();
    }

    /** The state of one resolution. */
    private final class Run {
        private final ElfFile mainElf;
        private final Path file;
        private final ResolutionContext context;
        private final List<LoadedObject> objects = new ArrayList<>();
        private final Map<String, LoadedObject> byName = new HashMap<>();
        private final Map<String, LoadedObject> bySoname = new HashMap<>();
        private final Map<Object, LoadedObject> byFileKey = new HashMap<>();
        private final List<Dependency> dependencies = new ArrayList<>();
        private final List<MissingLibrary> missing = new ArrayList<>();
        private final Deque<LoadedObject> queue = new ArrayDeque<>();
        private final List<Path> loadedFirst;
        /** SONAME -> the file of {@link #loadedFirst} that has it; made when first needed. */
        private Map<String, LibrarySearch.Result> bySonameFirst;

        Run(ElfFile mainElf, Path file, List<Path> loadedFirst) throws IOException {
            this.mainElf = mainElf;
            this.file = file;
            this.loadedFirst = List.copyOf(loadedFirst);
            this.context = new ResolutionContext(profile, rootFs, mainElf, readCache(), baseline);
        }

        /** Read once per resolver, as the loader reads it once per process. */
        private LdSoCache readCache() throws IOException {
            synchronized (Resolver.this) {
                if (!cacheRead && profile.cacheFile() != null) {
                    Path cacheFile = rootFs.toHost(profile.cacheFile());
                    cache = Files.isRegularFile(cacheFile) ? LdSoCache.read(cacheFile) : null;
                }
                cacheRead = true;
                return cache;
            }
        }

        Closure resolve() throws IOException {
            LoadedObject main = mainObject();
            if (buildMachine != null) {
                buildMachine.prepare(mainElf);
            }
            context.setMain(main);
            register(main);
            objects.add(main);
            registerInterpreter();
            for (String preload : profile.preload()) {
                load(main, preload);
            }
            queue.addFirst(main);
            readAhead(main);
            while (!queue.isEmpty()) {
                LoadedObject o = queue.poll();
                List<String> needs = o.elf() != null ? o.elf().dynamic().needed()
                        : o.baseline() != null ? o.baseline().needed() : null;
                if (needs == null) {
                    continue;
                }
                for (String needed : needs) {
                    load(o, needed);
                }
            }
            List<VersionProblem> problems = new VersionCheck(objects, byName::get).run();
            return new Closure(List.copyOf(objects), List.copyOf(dependencies), List.copyOf(missing),
                    problems, profile);
        }

        /** The main object lives in the root's namespace when it is inside the root, else on this machine. */
        private LoadedObject mainObject() throws IOException {
            String targetPath = rootFs.targetPathOf(file.toRealPath());
            if (targetPath != null) {
                return new LoadedObject(0, targetPath, targetPath, file, mainElf, null, FoundVia.MAIN, null, false);
            }
            String path = file.toAbsolutePath().normalize().toString();
            return new LoadedObject(0, path, path, file, mainElf, null, FoundVia.MAIN, null, !rootFs.isHostRoot());
        }

        /** The loader itself is in the namespace from the start, under its PT_INTERP path and its SONAME. */
        private void registerInterpreter() throws IOException {
            String interp = mainElf.interpreter() != null ? mainElf.interpreter() : profile.interpreter();
            if (interp == null) {
                return;
            }
            Baseline.BaselineLibrary known = context.baselineAt(interp, false);
            if (known != null) {
                LoadedObject loader = new LoadedObject(-1, null, interp, null, null, null, FoundVia.INTERPRETER, null,
                        false, known);
                loader.addName(interp);
                loader.addName(known.soname() != null ? known.soname() : interp.substring(interp.lastIndexOf('/') + 1));
                register(loader, known);
                return;
            }
            Path host = rootFs.toHost(interp);
            ElfFile elf = null;
            String soname = null;
            try {
                if (Files.isRegularFile(host)) {
                    elf = ElfFile.open(host);
                    soname = elf.dynamic().soname();
                }
            } catch (MalformedElfException e) {
                // A damaged loader on the target is still the loader: known by its path and file name.
                elf = null;
            }
            LoadedObject loader = new LoadedObject(-1, null, interp, host, elf, null, FoundVia.INTERPRETER, null, false);
            loader.addName(interp);
            loader.addName(soname != null ? soname : interp.substring(interp.lastIndexOf('/') + 1));
            register(loader);
        }

        private void register(LoadedObject o) throws IOException {
            register(o, fileKey(o.hostPath()));
        }

        private void register(LoadedObject o, Object key) {
            for (String name : o.names()) {
                byName.putIfAbsent(name, o);
            }
            byName.putIfAbsent(o.path(), o);
            if (o.soname() != null) {
                bySoname.putIfAbsent(o.soname(), o);
            }
            if (key != null) {
                byFileKey.putIfAbsent(key, o);
            }
        }

        private void load(LoadedObject requester, String needed) throws IOException {
            String name = DynamicStringTokens.expand(needed, context.origin(requester), profile.dstLib(),
                    profile.dstPlatform());
            if (name == null) {
                missing.add(new MissingLibrary(requester, needed, MissingLibrary.Reason.NOT_FOUND,
                        "$ORIGIN cannot be determined", List.of()));
                dependencies.add(new Dependency(requester, needed, null, false));
                return;
            }
            LoadedObject known = findLoaded(name);
            if (known != null) {
                linkExisting(requester, needed, name, known);
                return;
            }
            boolean viaOrigin = needed.contains("$ORIGIN") || needed.contains("${ORIGIN}");
            LibrarySearch.Result found = name.indexOf('/') >= 0 ? openDirect(name, viaOrigin && requester.hostNamespace())
                    : loadedFirst(name);
            if (found == null) {
                found = new LibrarySearch(context, name, requester).run();
            }
            if (!found.found() && buildMachine != null && found.failure() != MissingLibrary.Reason.INVALID_FILE
                    && name.indexOf('/') < 0) {
                LibrarySearch.Result onBuildMachine = buildMachine.find(name);
                if (onBuildMachine != null) {
                    found = onBuildMachine;
                } else {
                    List<String> searched = new ArrayList<>(found.searched());
                    searched.addAll(buildMachine.searched(name));
                    found = new LibrarySearch.Result(null, null, null, null, false, null, null, found.failure(),
                            found.problem(), searched);
                }
            }
            if (!found.found()) {
                missing.add(new MissingLibrary(requester, name, found.failure(), found.problem(), found.searched()));
                dependencies.add(new Dependency(requester, needed, null, false));
                return;
            }
            Object key = found.fileKey();
            LoadedObject sameFile = byFileKey.get(key);
            if (sameFile != null) {
                linkExisting(requester, needed, name, sameFile);
                return;
            }
            if (found.baseline() != null) {
                LoadedObject fromTarget = new LoadedObject(objects.size(), name, found.path(), null, null, requester,
                        found.via(), found.viaOwner(), false, found.baseline());
                register(fromTarget, key);
                objects.add(fromTarget);
                if (found.baseline().needed() != null) {
                    // Its own dependencies join the breadth-first order, as on the target.
                    queue.add(fromTarget);
                }
                dependencies.add(new Dependency(requester, needed, fromTarget, false));
                return;
            }
            ElfFile elf = found.elf();
            try {
                elf.dynamic();
            } catch (MalformedElfException e) {
                missing.add(new MissingLibrary(requester, name, MissingLibrary.Reason.INVALID_FILE, e.getMessage(),
                        found.searched()));
                dependencies.add(new Dependency(requester, needed, null, false));
                return;
            }
            LoadedObject loaded = new LoadedObject(objects.size(), name, found.path(), found.hostPath(), elf, requester,
                    found.via(), found.viaOwner(), found.host());
            register(loaded, key);
            objects.add(loaded);
            queue.add(loaded);
            readAhead(loaded);
            dependencies.add(new Dependency(requester, needed, loaded, false));
        }

        /** The file of {@link #loadedFirst} whose SONAME is this name, or null: it is matched, not searched. */
        private LibrarySearch.Result loadedFirst(String name) throws IOException {
            if (loadedFirst.isEmpty()) {
                return null;
            }
            if (bySonameFirst == null) {
                bySonameFirst = new HashMap<>();
                Object mainKey = fileKey(file);
                for (Path p : loadedFirst) {
                    CandidateVerifier.Verdict v = context.verify(p);
                    if (v.outcome() != CandidateVerifier.Outcome.ACCEPT || (mainKey != null && mainKey.equals(v.fileKey()))) {
                        continue;
                    }
                    String soname;
                    try {
                        soname = v.elf().dynamic().soname();
                    } catch (MalformedElfException e) {
                        continue;
                    }
                    if (soname != null && !bySonameFirst.containsKey(soname)) {
                        Path real = p.toRealPath();
                        String targetPath = rootFs.targetPathOf(real);
                        boolean host = targetPath == null;
                        String path = host ? p.toAbsolutePath().normalize().toString() : targetPath;
                        bySonameFirst.put(soname, new LibrarySearch.Result(path, p, v.elf(), v.fileKey(),
                                host && !rootFs.isHostRoot(), FoundVia.LOADED_FIRST, null, null, null, List.of()));
                    }
                }
            }
            return bySonameFirst.get(name);
        }

        /**
         * Starts reading the files the cache names for an object's dependencies that are not loaded
         * yet; the searches that follow find them already read (results are unchanged).
         */
        private void readAhead(LoadedObject o) throws IOException {
            for (String needed : o.elf().dynamic().needed()) {
                if (needed.indexOf('/') < 0 && needed.indexOf('$') < 0 && !byName.containsKey(needed)
                        && !bySoname.containsKey(needed) && loadedFirst(needed) == null) {
                    if (buildMachine != null && baseline != null && context.cacheLookup(needed) == null) {
                        // Not the target's: it will be looked for on the build machine.
                        buildMachine.prefetch(needed);
                    } else {
                        context.prefetch(needed);
                    }
                }
            }
        }

        /** An object already in the namespace; the loader object joins the load order when first needed. */
        private void linkExisting(LoadedObject requester, String needed, String name, LoadedObject known) {
            addName(known, name);
            if (known.via() == FoundVia.INTERPRETER && known.index() < 0) {
                known.place(objects.size(), requester);
                objects.add(known);
            }
            dependencies.add(new Dependency(requester, needed, known, true));
        }

        /** Matches by a name the object was requested as, its path, or its SONAME (_dl_map_object). */
        private LoadedObject findLoaded(String name) {
            LoadedObject known = byName.get(name);
            if (known == null) {
                known = bySoname.get(name);
                if (known != null) {
                    addName(known, name);
                }
            }
            return known;
        }

        private void addName(LoadedObject o, String name) {
            o.addName(name);
            byName.putIfAbsent(name, o);
        }

        /** A DT_NEEDED with a slash is opened as it is; relative paths are relative to the working directory. */
        private LibrarySearch.Result openDirect(String name, boolean fromHostOrigin) throws IOException {
            boolean host = !name.startsWith("/") || fromHostOrigin;
            Path hostPath = context.toHost(name, host);
            CandidateVerifier.Verdict v = context.verify(hostPath);
            List<String> searched = List.of(name);
            switch (v.outcome()) {
                case ACCEPT:
                    return new LibrarySearch.Result(name, hostPath, v.elf(), v.fileKey(), host, FoundVia.DIRECT, null, null, null, searched);
                case FATAL:
                    return new LibrarySearch.Result(null, hostPath, null, null, host, null, null, MissingLibrary.Reason.INVALID_FILE,
                            name + ": " + v.problem(), searched);
                case WRONG_CLASS:
                    return new LibrarySearch.Result(null, null, null, null, host, null, null, MissingLibrary.Reason.WRONG_CLASS, null,
                            searched);
                default:
                    return new LibrarySearch.Result(null, null, null, null, host, null, null, MissingLibrary.Reason.NOT_FOUND, null,
                            searched);
            }
        }

        private Object fileKey(Path host) {
            if (host == null) {
                return null;
            }
            try {
                return Files.readAttributes(host, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
