package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every search of one resolution shares: the profile, the file systems, the candidate check,
 * the cache, and each object's search lists, parsed once (as the loader caches l_rpath_dirs).
 */
final class ResolutionContext {
    private final LoaderProfile profile;
    private final RootFileSystem rootFs;
    private final RootFileSystem hostFs;
    private final VerdictPrefetch verdicts;
    private final LdSoCache cache;
    private final Baseline baseline;
    private final int cacheFlags;
    private final List<String> subdirs;
    private final List<SearchDir> systemDirs;
    private final Map<LoadedObject, List<SearchDir>> rpaths = new IdentityHashMap<>();
    private final Map<LoadedObject, List<SearchDir>> runpaths = new IdentityHashMap<>();
    private LoadedObject main;
    private List<SearchDir> ldLibraryPath;
    private String mainOrigin;

    ResolutionContext(LoaderProfile profile, RootFileSystem rootFs, ElfFile mainElf, LdSoCache cache,
                      Baseline baseline) {
        this.baseline = baseline;
        this.profile = profile;
        this.rootFs = rootFs;
        this.hostFs = new RootFileSystem(Path.of("/"));
        this.verdicts = new VerdictPrefetch(
                new CandidateVerifier(mainElf.elfClass(), mainElf.header().byteOrder(), mainElf.machine()));
        this.cache = cache;
        this.cacheFlags = LdSoCache.flagsFor(mainElf.machine(), mainElf.header().is64());
        List<String> subs = new ArrayList<>();
        for (String h : profile.hwcapsSubdirs()) {
            subs.add("glibc-hwcaps/" + h);
        }
        subs.addAll(profile.legacyHwcapsSubdirs());
        subs.add("");
        this.subdirs = List.copyOf(subs);
        List<SearchDir> system = new ArrayList<>();
        for (String d : profile.systemDirs()) {
            system.add(new SearchDir(d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d, false));
        }
        this.systemDirs = List.copyOf(system);
    }

    void setMain(LoadedObject main) {
        this.main = main;
        // LD_LIBRARY_PATH is parsed once at start-up, its $ORIGIN being the main program's.
        this.ldLibraryPath = SearchDir.parse(profile.ldLibraryPath(), ":;", origin(main), main.hostNamespace(), profile);
    }

    LoaderProfile profile() {
        return profile;
    }

    LoadedObject main() {
        return main;
    }

    List<String> subdirs() {
        return subdirs;
    }

    List<SearchDir> systemDirs() {
        return systemDirs;
    }

    List<SearchDir> ldLibraryPath() {
        return ldLibraryPath;
    }

    List<SearchDir> rpathOf(LoadedObject o) {
        if (o.elf() == null) {
            // A target library known as data: its search paths are not recorded.
            return List.of();
        }
        return rpaths.computeIfAbsent(o, k -> SearchDir.parse(k.elf().dynamic().effectiveRpath(), ":", origin(k),
                k.hostNamespace(), profile));
    }

    List<SearchDir> runpathOf(LoadedObject o) {
        if (o.elf() == null) {
            return List.of();
        }
        return runpaths.computeIfAbsent(o, k -> SearchDir.parse(k.elf().dynamic().runpath(), ":", origin(k),
                k.hostNamespace(), profile));
    }

    /**
     * $ORIGIN: the canonical directory of the main program (from /proc/self/exe), or the directory
     * part of the path a library was opened under, not canonicalised (research/elf.md §2.5).
     */
    String origin(LoadedObject o) {
        String path = o.path();
        if (o.index() == 0) {
            if (mainOrigin == null) {
                try {
                    // The kernel's /proc/self/exe: symbolic links resolved (a root-namespace path already is).
                    boolean onHost = o.hostNamespace() || rootFs.isHostRoot();
                    mainOrigin = onHost ? o.hostPath().toRealPath().toString() : path;
                } catch (IOException e) {
                    return null;
                }
            }
            path = mainOrigin;
        }
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    String cacheLookup(String name) {
        if (cache == null && baseline != null) {
            return baseline.cached(name);
        }
        if (cache == null) {
            return null;
        }
        return cache.lookup(name, cacheFlags, profile.hwcapsSubdirs(), profile.legacyHwcapCacheEntriesUsable());
    }

    /** glibc compares the cached path against each system directory as a plain prefix. */
    boolean underSystemDir(String path) {
        for (SearchDir d : systemDirs) {
            String prefix = d.dir().endsWith("/") ? d.dir() : d.dir() + "/";
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    boolean isDirectory(String dir, boolean host) throws IOException {
        if (!host && baseline != null && baseline.hasDirectory(dir)) {
            return true;
        }
        try {
            return (host ? hostFs : rootFs).isDirectory(dir);
        } catch (RootFileSystem.SymlinkLoopException e) {
            return false;
        }
    }

    /** The file on this machine, or null when nothing can be there or resolving it meets a symlink loop. */
    Path toHost(String path, boolean host) throws IOException {
        if (!host && rootFs.nothingAt(path)) {
            return null;
        }
        try {
            return host ? Path.of(path) : rootFs.toHost(path);
        } catch (RootFileSystem.SymlinkLoopException e) {
            // The loader's open fails with ELOOP and it moves on to the next candidate.
            return null;
        }
    }

    /** The target's library at a target path, when a baseline knows it; null otherwise. */
    Baseline.BaselineLibrary baselineAt(String path, boolean host) {
        if (host || baseline == null || !path.startsWith("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return baseline.find(slash == 0 ? "/" : path.substring(0, slash), path.substring(slash + 1));
    }

    CandidateVerifier.Verdict verify(Path host) {
        if (host == null) {
            return CandidateVerifier.Verdict.MISSING;
        }
        return verdicts.verify(host);
    }

    /** Reads ahead the file the cache gives for a name the loader will search for next. */
    void prefetch(String name) throws IOException {
        String cached = cacheLookup(name);
        if (cached != null && baselineAt(cached, false) == null) {
            Path host = toHost(cached, false);
            if (host != null) {
                verdicts.request(host);
            }
        }
    }
}
