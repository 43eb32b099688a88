package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for a library the target lacks on the build machine, the way that machine's loader would
 * find it for a program of the same architecture: its ld.so.cache, then its system directories.
 * What is found here is what a bundle has to bring along.
 */
final class BuildMachineSearch {
    private final Path buildRoot;
    private final RootFileSystem fs;
    private final Map<String, Setup> setups = new HashMap<>();
    private Setup current;

    /** The build machine's loader for one architecture. */
    private record Setup(LoaderProfile profile, LdSoCache cache, int cacheFlags, VerdictPrefetch verifier) {
    }

    BuildMachineSearch(Path buildRoot) {
        this.buildRoot = buildRoot;
        this.fs = new RootFileSystem(buildRoot);
    }

    /** Chooses the build machine's loader for the architecture of the program being resolved. */
    synchronized void prepare(ElfFile main) throws IOException {
        String key = main.machine() + "/" + main.elfClass() + "/" + main.header().byteOrder();
        Setup setup = setups.get(key);
        if (setup == null) {
            LoaderProfile profile = ProfileDetector.detect(buildRoot, main);
            LdSoCache cache = null;
            if (profile.cacheFile() != null) {
                Path cacheFile = fs.toHost(profile.cacheFile());
                cache = Files.isRegularFile(cacheFile) ? LdSoCache.read(cacheFile) : null;
            }
            setup = new Setup(profile, cache, LdSoCache.flagsFor(main.machine(), main.header().is64()),
                    new VerdictPrefetch(new CandidateVerifier(main.elfClass(), main.header().byteOrder(), main.machine())));
            setups.put(key, setup);
        }
        current = setup;
    }

    /** Starts reading the file the build machine's cache gives for a name the target will likely lack. */
    void prefetch(String name) throws IOException {
        List<String> candidates = candidates(name);
        if (!candidates.isEmpty()) {
            current.verifier().request(fs.toHost(candidates.get(0)));
        }
    }

    /** The library as found on the build machine, or null. */
    LibrarySearch.Result find(String name) throws IOException {
        List<String> searched = new ArrayList<>();
        for (String candidate : candidates(name)) {
            searched.add(candidate);
            Path host = fs.toHost(candidate);
            CandidateVerifier.Verdict v = current.verifier().verify(host);
            if (v.outcome() == CandidateVerifier.Outcome.ACCEPT) {
                // Named as found in the build root (a link's name, not its target), as a host path.
                String path = fs.isHostRoot() ? candidate : fs.root().resolve(candidate.substring(1)).toString();
                return new LibrarySearch.Result(path, host, v.elf(), v.fileKey(), true, FoundVia.BUILD_MACHINE, null,
                        null, null, List.copyOf(searched));
            }
        }
        return null;
    }

    /** Where the build machine was searched for a name, for messages. */
    List<String> searched(String name) {
        List<String> out = new ArrayList<>();
        for (String c : candidates(name)) {
            out.add("this machine: " + (fs.isHostRoot() ? c : buildRoot + c));
        }
        return out;
    }

    private List<String> candidates(String name) {
        List<String> out = new ArrayList<>();
        LoaderProfile profile = current.profile();
        if (current.cache() != null) {
            String cached = current.cache().lookup(name, current.cacheFlags(), profile.hwcapsSubdirs(),
                    profile.legacyHwcapCacheEntriesUsable());
            if (cached != null) {
                out.add(cached);
            }
        }
        for (String dir : profile.systemDirs()) {
            String d = dir.endsWith("/") ? dir : dir + "/";
            if (!out.contains(d + name)) {
                out.add(d + name);
            }
        }
        return out;
    }
}
