package dev.nativepack.core.audit;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.FoundVia;
import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.core.resolve.MissingLibrary;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.core.resolve.VersionProblem;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfMachine;
import dev.nativepack.elf.LibcFamily;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.ObjectKind;
import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionNeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit of one input: which of its ELF files are entry points (programs, and libraries no
 * program of the input loads, such as extension modules), their closures on the target, and the
 * findings about each.
 */
final class InputAudit {
    /** Searched paths shown for a missing library; the full list is in `nativepack tree`. */
    private static final int SEARCHED_SHOWN = 8;

    private final Target target;
    private final TargetBaseline baseline;
    private final AuditInput input;
    private final Resolver resolver;
    private final Findings out;
    private final TargetMachine machine;
    private final Set<String> fromTarget = new HashSet<>();
    private final Map<Path, LoadedObject> toBundle = new LinkedHashMap<>();
    private final Set<Path> covered = new HashSet<>();
    /** Files of other inputs the same process loads first when needed (see Auditor#audit(List, List)). */
    private final List<Path> loadedFirst;
    private final Set<Path> otherInputs = new HashSet<>();
    private final List<ElfFile> fitting = new ArrayList<>();

    InputAudit(Target target, TargetBaseline baseline, AuditInput input, Resolver resolver, Findings out) {
        this(target, baseline, input, resolver, out, List.of());
    }

    InputAudit(Target target, TargetBaseline baseline, AuditInput input, Resolver resolver, Findings out,
               List<Path> loadedFirst) {
        this.loadedFirst = List.copyOf(loadedFirst);
        for (Path p : loadedFirst) {
            otherInputs.add(realPath(p));
        }
        this.target = target;
        this.baseline = baseline;
        this.input = input;
        this.resolver = resolver;
        this.out = out;
        this.machine = TargetMachine.of(target.architecture());
    }

    Set<String> fromTarget() {
        return fromTarget;
    }

    Set<Path> toBundle() {
        return toBundle.keySet();
    }

    /** The libraries that must travel with the input, as the resolver found them on this machine. */
    Collection<LoadedObject> toBundleObjects() {
        return toBundle.values();
    }

    /** The input's ELF files built for the target (the others were reported and not resolved). */
    List<ElfFile> inputFiles() {
        return fitting;
    }

    void run() throws AuditInputException, IOException {
        neverBundleInTree();
        List<ElfFile> programs = new ArrayList<>();
        List<ElfFile> libraries = new ArrayList<>();
        for (Path file : input.elfFiles()) {
            ElfFile elf = open(file);
            if (elf == null) {
                continue;
            }
            FileChecks.check(elf, input.display(file), out);
            LgplStatic.check(elf, input.display(file), out);
            Finding abi = PythonAbi.check(target, input.display(file), input.display(file));
            if (abi != null) {
                out.add(abi);
            }
            if (!fitsTarget(elf, input.display(file))) {
                continue;
            }
            fitting.add(elf);
            if (elf.kind().isExecutable()) {
                programs.add(elf);
            } else if (elf.kind() == ObjectKind.SHARED_LIBRARY) {
                libraries.add(elf);
            }
        }
        for (ElfFile program : programs) {
            audit(program);
        }
        for (ElfFile library : libraries) {
            // A library one of the programs loads was audited with it, with the program's search paths.
            if (!covered.contains(realPath(library.path()))) {
                audit(library);
            }
        }
        for (LoadedObject bundled : toBundle.values()) {
            FileChecks.check(bundled.elf(), bundled.hostPath().toString(), out);
        }
        sizes();
    }

    /** Opens a file; a damaged file given by name is an input error, one inside a tree is skipped. */
    private ElfFile open(Path file) throws AuditInputException {
        try {
            ElfFile elf = ElfFile.open(file);
            elf.dynamic();
            elf.sections();
            return elf;
        } catch (MalformedElfException | IOException | UncheckedIOException e) {
            if (input.tree() == null) {
                throw new AuditInputException(e.getMessage() != null && e.getMessage().contains(input.name())
                        ? e.getMessage() : input.name() + ": " + e.getMessage(), e);
            }
            return null;
        }
    }

    /** Machine, class and C library: a file built for something else is not resolved further. */
    private boolean fitsTarget(ElfFile elf, String file) {
        if (machine != null && !machine.matches(elf.machine(), elf.elfClass())) {
            out.add(new Finding(Rule.WRONG_ARCHITECTURE, Severity.ERROR, file, ElfMachine.name(elf.machine()),
                    "is built for " + ElfMachine.name(elf.machine()) + " (" + elf.elfClass() + "); the target is "
                            + target.architecture(),
                    List.of(), "Build it for " + target.architecture() + ", or choose the target of that architecture."));
            return false;
        }
        LibcFamily family = elf.libcFamily();
        String wanted = target.libc().family();
        if ((family == LibcFamily.MUSL && "glibc".equals(wanted)) || (family == LibcFamily.GLIBC && "musl".equals(wanted))) {
            out.add(new Finding(Rule.WRONG_LIBC, Severity.ERROR, file, family.name().toLowerCase(java.util.Locale.ROOT),
                    "is built for " + family.name().toLowerCase(java.util.Locale.ROOT) + "; the target's C library is "
                            + wanted + " " + target.libc().version(),
                    elf.interpreter() == null ? List.of() : List.of("program interpreter: " + elf.interpreter()),
                    "Build it against " + wanted + " (for a static program, link it statically so it needs no C library "
                            + "from the target)."));
            return false;
        }
        String interp = elf.interpreter();
        if (interp != null && !interpreterExists(interp)) {
            out.add(new Finding(Rule.WRONG_INTERPRETER, Severity.ERROR, file, interp,
                    "names the program interpreter " + interp + ", which the target does not have",
                    List.of("the target's interpreter: " + target.loader().interpreter()),
                    "Relink with --dynamic-linker=" + target.loader().interpreter()
                            + " (or set it with `patchelf --set-interpreter`)."));
        }
        return true;
    }

    private boolean interpreterExists(String interp) {
        if (interp.equals(target.loader().interpreter())) {
            return true;
        }
        int slash = interp.lastIndexOf('/');
        if (slash > 0 && baseline.find(interp.substring(0, slash), interp.substring(slash + 1)) != null) {
            return true;
        }
        String taskRoot = target.layout().taskRoot();
        if (input.tree() != null && interp.startsWith(taskRoot + "/")) {
            return Files.exists(input.tree().resolve(interp.substring(taskRoot.length() + 1)));
        }
        return false;
    }

    private void audit(ElfFile main) throws IOException {
        String file = input.display(main.path());
        if (!main.hasDynamicSegment()) {
            covered.add(realPath(main.path()));
            return;
        }
        Closure closure = loadedFirst.isEmpty() ? resolver.resolve(main) : resolver.resolve(main, loadedFirst);
        for (LoadedObject o : closure.objects()) {
            if (o.baseline() != null) {
                fromTarget.add(o.baseline().path());
            } else if (o.hostPath() != null) {
                Path real = realPath(o.hostPath());
                covered.add(real);
                // What must travel with the program: found on this machine instead of the target, or
                // beside an input through its $ORIGIN search paths. Another input of its group (loaded
                // first, or beside it) is audited, and deployed, on its own.
                boolean travels = o.via() == FoundVia.BUILD_MACHINE
                        || (o.index() > 0 && o.hostNamespace() && o.elf() != null && !input.contains(o.hostPath())
                        && !otherInputs.contains(real));
                if (travels && !toBundle.containsKey(real)) {
                    toBundle.put(real, o);
                }
            }
        }
        ClosureChecks checks = new ClosureChecks(target, baseline, input, file, out);
        for (MissingLibrary m : closure.missing()) {
            checks.missing(m, searchedShown(m.searched()));
        }
        for (LoadedObject o : closure.objects()) {
            if (o.via() == FoundVia.BUILD_MACHINE) {
                checks.fromBuildMachine(o);
            }
            if (o.baseline() == null && o.elf() != null) {
                glibcPrivate(o, file, checks);
            }
        }
        for (VersionProblem p : closure.versionProblems()) {
            checks.versionProblem(p);
        }
        checks.shadowing(closure);
    }

    private void glibcPrivate(LoadedObject o, String file, ClosureChecks checks) {
        if (NeverBundle.category(o.hostPath() == null ? o.path() : o.hostPath().toString()) != null) {
            return;
        }
        for (VersionNeed need : o.elf().versionNeedsWithoutSymbols()) {
            for (RequiredVersion v : need.versions()) {
                if (v.name().equals("GLIBC_PRIVATE")) {
                    out.add(new Finding(Rule.GLIBC_PRIVATE, Severity.ERROR, file, checks.display(o),
                            checks.display(o) + " needs GLIBC_PRIVATE from " + need.library()
                                    + ": it is part of one exact glibc build",
                            List.of(), "Do not ship it: take it from the target, or build without it."));
                    return;
                }
            }
        }
    }

    private static List<String> searchedShown(List<String> searched) {
        if (searched.size() <= SEARCHED_SHOWN) {
            return searched;
        }
        List<String> shown = new ArrayList<>(searched.subList(0, SEARCHED_SHOWN));
        shown.add("... and " + (searched.size() - SEARCHED_SHOWN) + " more places (see `nativepack tree`)");
        return shown;
    }

    /** Files in a tree that must never be bundled, loaded or not. */
    private void neverBundleInTree() {
        if (input.tree() == null) {
            return;
        }
        for (String rel : input.treeFiles()) {
            String what = NeverBundle.category("/" + rel);
            if (what != null) {
                out.add(new Finding(Rule.NEVER_BUNDLE, Severity.ERROR, input.display(input.tree().resolve(rel)), rel,
                        "is " + what + "; it must come from the target, not from the package",
                        List.of(), "Remove it from the package; the target provides its own."));
            }
        }
    }

    private void sizes() throws IOException {
        Target.Limits limits = target.limits();
        if (limits == null) {
            return;
        }
        long bundled = 0;
        for (LoadedObject o : toBundle.values()) {
            bundled += o.elf().size();
        }
        long unpacked = input.unpackedBytes() + bundled;
        List<String> evidence = new ArrayList<>();
        evidence.add("inputs: " + FileChecks.bytes(input.unpackedBytes()));
        if (bundled > 0) {
            evidence.add(toBundle.size() + " libraries to bundle from this machine: " + FileChecks.bytes(bundled));
        }
        String fix = "Strip the binaries, drop what the function does not use, or move shared parts to a layer "
                + "(the unzipped limit counts layers too); a container image allows up to 10 GB.";
        limit(unpacked, limits.unzippedBytes(), "unpacked", evidence, fix);
        if (input.kind() == AuditInput.Kind.ARCHIVE) {
            limit(input.zippedBytes(), limits.zippedBytes(), "zipped", List.of("archive: "
                    + FileChecks.bytes(input.zippedBytes())), "Upload it through S3 instead of directly, or make it smaller.");
        }
    }

    private void limit(long size, long max, String what, List<String> evidence, String fix) {
        if (max <= 0) {
            return;
        }
        if (size > max) {
            out.add(new Finding(Rule.SIZE_LIMIT, Severity.ERROR, input.name(), what,
                    "is " + FileChecks.bytes(size) + " " + what + "; the target accepts at most " + FileChecks.bytes(max),
                    evidence, fix));
        } else if (size * 10 > max * 9) {
            out.add(new Finding(Rule.SIZE_LIMIT, Severity.WARNING, input.name(), what,
                    "is " + FileChecks.bytes(size) + " " + what + ", over 90% of the target's limit of "
                            + FileChecks.bytes(max), evidence, fix));
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
