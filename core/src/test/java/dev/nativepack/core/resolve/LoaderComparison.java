package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionDefinition;
import dev.nativepack.elf.VersionNeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares one file's resolution with the real loader ({@code ld.so --list}) and its version
 * sections with {@code readelf -VW}. Every expected value comes from those two tools; the result
 * lists each difference in words, and is empty when everything agrees.
 */
final class LoaderComparison {
    static final String LOADER = "/lib64/ld-linux-x86-64.so.2";
    private static final Path ROOT = Path.of("/");
    private static final long TIMEOUT_SECONDS = 30;

    /** How the loader answered, which decides what was compared. */
    enum Outcome {
        /** ld.so listed the closure; compared entry by entry. */
        LISTED,
        /** ld.so said "statically linked" (no DT_NEEDED) or is known to crash on a static file. */
        NO_DEPENDENCIES,
        /** ld.so --list stopped at a missing library; the ldd-style trace was compared instead. */
        TRACED_MISSING,
        /** ld.so refused the file; we must say that it does not load. */
        LOADER_REFUSED,
        /** PT_INTERP names another loader: ld.so --list would answer for itself, not for that loader. */
        OTHER_INTERPRETER
    }

    /** {@code entries}: listing lines and version-section lines compared, so an empty parse cannot pass unseen. */
    record Report(Path file, Outcome outcome, List<String> mismatches, int entries) {
    }

    private final Path scratch;

    LoaderComparison(Path scratch) {
        this.scratch = scratch;
    }

    Report compare(Path file) throws IOException {
        String path = file.toAbsolutePath().normalize().toString();
        OracleCommand.Result list = OracleCommand.run(scratch, TIMEOUT_SECONDS, Map.of(), LOADER, "--list", path);
        OracleCommand.Result readelf = OracleCommand.run(scratch, TIMEOUT_SECONDS, Map.of(), "readelf", "-VW", path);
        List<String> mismatches = new ArrayList<>();
        ElfFile elf;
        Closure closure;
        try {
            elf = ElfFile.open(file);
            closure = new Resolver(ProfileDetector.detect(ROOT, elf), ROOT).resolve(file);
        } catch (IOException | RuntimeException e) {
            mismatches.add("our resolution failed (ld.so exit " + list.exitCode() + "): " + e);
            return new Report(file, Outcome.LOADER_REFUSED, mismatches, 0);
        }
        ReadelfVersions versions = ReadelfVersions.parse(readelf.stdout());
        compareVersionSections(versions, elf, mismatches);
        Outcome outcome = compareClosure(path, list, elf, closure, mismatches);
        int entries = closure.objects().size() - 1 + versions.needs().size() + versions.definitions().size();
        return new Report(file, outcome, mismatches, entries);
    }

    private Outcome compareClosure(String path, OracleCommand.Result list, ElfFile elf, Closure closure,
                                   List<String> mismatches) throws IOException {
        String interp = elf.interpreter();
        if (interp != null && !isTheLoader(interp)) {
            // The kernel would start that other loader; ld.so --list ignores PT_INTERP and answers for
            // itself, so its listing says nothing about how the file really loads.
            return Outcome.OTHER_INTERPRETER;
        }
        if (list.exitCode() == 0) {
            LoaderListing listing = LoaderListing.parse(list.stdout());
            compareVersionErrors(list.stderr(), closure, mismatches);
            if (listing.staticallyLinked()) {
                expectNoDependencies("ld.so: statically linked", closure, mismatches);
                return Outcome.NO_DEPENDENCIES;
            }
            compareListing(listing, closure, mismatches);
            return Outcome.LISTED;
        }
        String missing = LoaderListing.missingFromError(list.stderr());
        if (missing != null) {
            // --list stops at the first library it cannot find; tracing as ldd does lists them all.
            OracleCommand.Result traced = OracleCommand.run(scratch, TIMEOUT_SECONDS,
                    Map.of("LD_TRACE_LOADED_OBJECTS", "1"), LOADER, path);
            compareListing(LoaderListing.parse(traced.stdout()), closure, mismatches);
            compareVersionErrors(traced.stderr(), closure, mismatches);
            List<String> ours = missingNames(closure);
            if (ours.isEmpty() || !ours.get(0).equals(missing)) {
                mismatches.add("ld.so --list stops at missing " + missing + "; our missing: " + ours);
            }
            return Outcome.TRACED_MISSING;
        }
        if (!elf.hasDynamicSegment()) {
            // glibc 2.36's ld.so --list crashes (SIGSEGV) on a non-PIE static executable instead of
            // saying "not a dynamic executable"; a file without PT_DYNAMIC has no dependencies.
            expectNoDependencies("no PT_DYNAMIC, ld.so exit " + list.exitCode(), closure, mismatches);
            return Outcome.NO_DEPENDENCIES;
        }
        if (closure.loads()) {
            mismatches.add("ld.so refused the file (exit " + list.exitCode() + ": " + list.stderr().strip()
                    + ") but we say it loads");
        }
        return Outcome.LOADER_REFUSED;
    }

    private static boolean isTheLoader(String interp) {
        try {
            return Files.exists(Path.of(interp)) && Files.isSameFile(Path.of(interp), Path.of(LOADER));
        } catch (IOException e) {
            return false;
        }
    }

    private static void expectNoDependencies(String why, Closure closure, List<String> mismatches) {
        if (closure.objects().size() != 1 || !closure.missing().isEmpty()) {
            mismatches.add(why + ", but we load " + ours(closure) + " and miss " + missingNames(closure));
        }
    }

    /** The same (name, path) pairs in the same order, and the same names not found. */
    private static void compareListing(LoaderListing listing, Closure closure, List<String> mismatches) {
        List<LoaderListing.Entry> expected = listing.loaded();
        List<LoaderListing.Entry> actual = ours(closure);
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
                i++;
            }
            mismatches.add("load order differs at position " + (i + 1) + ": ld.so "
                    + expected.subList(i, Math.min(expected.size(), i + 3)) + ", we "
                    + actual.subList(i, Math.min(actual.size(), i + 3)));
        }
        if (!listing.notFound().equals(missingNames(closure))) {
            mismatches.add("not found: ld.so " + listing.notFound() + ", we " + missingNames(closure));
        }
    }

    private static List<LoaderListing.Entry> ours(Closure closure) {
        List<LoaderListing.Entry> out = new ArrayList<>();
        for (LoadedObject o : closure.objects().subList(1, closure.objects().size())) {
            out.add(new LoaderListing.Entry(o.name(), o.path()));
        }
        return out;
    }

    private static List<String> missingNames(Closure closure) {
        return List.copyOf(new LinkedHashSet<>(closure.missing().stream().map(MissingLibrary::name).toList()));
    }

    /** The fatal "version `V' not found" errors the loader printed, against our non-weak problems. */
    private static void compareVersionErrors(String stderr, Closure closure, List<String> mismatches) {
        TreeSet<String> expected = new TreeSet<>();
        for (LoaderListing.VersionError e : LoaderListing.versionErrors(stderr)) {
            expected.add(e.provider() + " " + e.version() + " required by " + e.requiredBy());
        }
        TreeSet<String> actual = new TreeSet<>();
        for (VersionProblem p : closure.versionProblems()) {
            if (!p.weak()) {
                actual.add(p.provider().path() + " " + p.version() + " required by " + p.requester().path());
            }
        }
        if (!expected.equals(actual)) {
            mismatches.add("version errors: ld.so " + expected + ", we " + actual);
        }
    }

    private static void compareVersionSections(ReadelfVersions readelf, ElfFile elf, List<String> mismatches) {
        List<String> needs = new ArrayList<>();
        for (VersionNeed need : elf.versionNeedsWithoutSymbols()) {
            for (RequiredVersion v : need.versions()) {
                needs.add(need.library() + " " + v.name() + " flags=" + ReadelfVersions.flags(v.flags()) + " index="
                        + v.index());
            }
        }
        if (!needs.equals(readelf.needs())) {
            mismatches.add("version needs: readelf " + readelf.needs() + ", we " + needs);
        }
        List<String> defs = new ArrayList<>();
        for (VersionDefinition d : elf.versionDefinitions()) {
            defs.add("index=" + d.index() + " flags=" + ReadelfVersions.flags(d.flags()) + " " + d.name() + " parents="
                    + d.parents());
        }
        if (!defs.equals(readelf.definitions())) {
            mismatches.add("version definitions: readelf " + readelf.definitions() + ", we " + defs);
        }
    }
}
