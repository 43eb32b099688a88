package dev.nativepack.core.resolve;

import dev.nativepack.core.resolve.CandidateVerifier.Outcome;
import dev.nativepack.core.resolve.CandidateVerifier.Verdict;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The search for one DT_NEEDED name without a slash, in glibc's order (_dl_map_new_object,
 * research/elf.md §2.3 and §2.13): DT_RPATH of the requester and its loaders (unless the requester
 * has DT_RUNPATH) and of the main program, LD_LIBRARY_PATH, the requester's own DT_RUNPATH,
 * ld.so.cache, then the system directories (both skipped for DF_1_NODEFLIB requesters).
 */
final class LibrarySearch {
    /** Where a search ended: a file to load, or the reason it failed. */
    record Result(String path, Path hostPath, ElfFile elf, Object fileKey, boolean host, FoundVia via, LoadedObject viaOwner,
                  MissingLibrary.Reason failure, String problem, List<String> searched, Baseline.BaselineLibrary baseline) {
        Result(String path, Path hostPath, ElfFile elf, Object fileKey, boolean host, FoundVia via, LoadedObject viaOwner,
               MissingLibrary.Reason failure, String problem, List<String> searched) {
            this(path, hostPath, elf, fileKey, host, via, viaOwner, failure, problem, searched, null);
        }

        boolean found() {
            return path != null;
        }
    }

    private final ResolutionContext context;
    private final String name;
    private final LoadedObject requester;
    private final List<String> searched = new ArrayList<>();
    private boolean wrongClassSeen;
    private Result result;

    LibrarySearch(ResolutionContext context, String name, LoadedObject requester) {
        this.context = context;
        this.name = name;
        this.requester = requester;
    }

    Result run() throws IOException {
        LoaderProfile profile = context.profile();
        boolean hasRunpath = requester.elf() != null && requester.elf().dynamic().hasRunpath();
        if (!hasRunpath) {
            boolean mainSearched = false;
            for (LoadedObject l = requester; l != null; l = l.loader()) {
                if (tryList(context.rpathOf(l), FoundVia.RPATH, l)) {
                    return result;
                }
                mainSearched |= l.index() == 0;
            }
            LoadedObject main = context.main();
            if (!mainSearched && tryList(context.rpathOf(main), FoundVia.RPATH, main)) {
                return result;
            }
        }
        if (!profile.secure() && tryList(context.ldLibraryPath(), FoundVia.LD_LIBRARY_PATH, null)) {
            return result;
        }
        if (tryList(context.runpathOf(requester), FoundVia.RUNPATH, requester)) {
            return result;
        }
        boolean noDefaultLib = requester.elf() != null && requester.elf().dynamic().noDefaultLib();
        String cached = context.cacheLookup(name);
        if (cached != null && !(noDefaultLib && context.underSystemDir(cached))) {
            if (tryFile(new SearchDir(cached, false), FoundVia.LD_SO_CACHE, null, cached)) {
                return result;
            }
        }
        if (!noDefaultLib && tryList(context.systemDirs(), FoundVia.SYSTEM_DIR, null)) {
            return result;
        }
        MissingLibrary.Reason reason = wrongClassSeen ? MissingLibrary.Reason.WRONG_CLASS : MissingLibrary.Reason.NOT_FOUND;
        return new Result(null, null, null, null, false, null, null, reason, null, List.copyOf(searched));
    }

    private boolean tryList(List<SearchDir> dirs, FoundVia via, LoadedObject owner) throws IOException {
        for (SearchDir dir : dirs) {
            if (!context.isDirectory(dir.dir(), dir.host())) {
                searched.add(dir.file("", name));
                continue;
            }
            for (String sub : context.subdirs()) {
                // Like the loader, skip hwcaps subdirectories that do not exist without trying a file.
                if (!sub.isEmpty() && !context.isDirectory(dir.subdir(sub), dir.host())) {
                    continue;
                }
                if (tryFile(dir, via, owner, dir.file(sub, name))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Tries one file; true when the search is over (found, or a fatal error). */
    private boolean tryFile(SearchDir dir, FoundVia via, LoadedObject owner, String path) throws IOException {
        searched.add(path);
        Baseline.BaselineLibrary known = context.baselineAt(path, dir.host());
        if (known != null) {
            // The target's own library: the same object whichever of its paths finds it.
            result = new Result(path, null, null, known, false, via, owner, null, null, List.copyOf(searched), known);
            return true;
        }
        Path host = context.toHost(path, dir.host());
        Verdict v = context.verify(host);
        if (v.outcome() == Outcome.ACCEPT) {
            result = new Result(path, host, v.elf(), v.fileKey(), dir.host(), via, owner, null, null, List.copyOf(searched));
            return true;
        }
        if (v.outcome() == Outcome.WRONG_CLASS) {
            wrongClassSeen = true;
        }
        if (v.outcome() == Outcome.FATAL) {
            result = new Result(null, host, null, null, dir.host(), via, owner, MissingLibrary.Reason.INVALID_FILE,
                    path + ": " + v.problem(), List.copyOf(searched));
            return true;
        }
        return false;
    }
}
