package dev.nativepack.core.audit;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.FoundVia;
import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.core.resolve.MissingLibrary;
import dev.nativepack.core.resolve.VersionProblem;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rules over one closure resolved on the target: missing, to bundle, versions, shadowing. */
final class ClosureChecks {
    private final Target target;
    private final TargetBaseline baseline;
    private final AuditInput input;
    private final String file;
    private final Findings out;

    ClosureChecks(Target target, TargetBaseline baseline, AuditInput input, String file, Findings out) {
        this.target = target;
        this.baseline = baseline;
        this.input = input;
        this.file = file;
        this.out = out;
    }

    /** How a finding names an object: the input's own name for its files, the path for others. */
    String display(LoadedObject o) {
        if (o.index() == 0) {
            return file;
        }
        if (o.baseline() != null) {
            return o.baseline().path();
        }
        Path host = o.hostPath();
        if (host != null && input.contains(host)) {
            return input.display(host.toAbsolutePath().normalize());
        }
        return host != null ? host.toString() : o.path();
    }

    void missing(MissingLibrary m, List<String> searched) {
        List<String> evidence = new ArrayList<>();
        evidence.add("needed by " + display(m.requester()));
        for (String s : searched) {
            evidence.add("searched " + s);
        }
        switch (m.reason()) {
            case WRONG_CLASS:
                out.add(new Finding(Rule.MISSING_LIBRARY, Severity.ERROR, file, m.name(),
                        m.name() + " exists only for another architecture or ELF class", evidence,
                        "Provide " + m.name() + " built for " + target.architecture() + "."));
                break;
            case INVALID_FILE:
                out.add(new Finding(Rule.MISSING_LIBRARY, Severity.ERROR, file, m.name(),
                        m.name() + " is not a valid ELF file: " + m.detail(), evidence,
                        "Replace the damaged file; the loader stops at it instead of searching further."));
                break;
            default:
                String advice = KnownFixes.forMissing(m.name(), baseline);
                out.add(new Finding(Rule.MISSING_LIBRARY, Severity.ERROR, file, m.name(),
                        m.name() + " is not in the inputs, not on the target and not on this machine", evidence,
                        advice != null ? advice
                                : "Install the package that provides " + m.name() + " on this machine (or put the "
                                        + "library next to the inputs), then bundle it."));
        }
    }

    void fromBuildMachine(LoadedObject o) {
        String name = o.name();
        List<String> evidence = List.of("needed by " + display(o.loader()), "found on this machine: " + o.path());
        String what = NeverBundle.category(o.hostPath().toString());
        if (what != null) {
            out.add(new Finding(Rule.NEVER_BUNDLE, Severity.ERROR, file, name,
                    name + " is not on the target, and it is " + what + ", which must not be bundled", evidence,
                    "Build against the target's C library (an older root or sysroot) so that " + name
                            + " is not needed, or choose a target that has it."));
            return;
        }
        String advice = KnownFixes.forMissing(name, baseline);
        out.add(new Finding(Rule.BUNDLE_REQUIRED, Severity.ERROR, file, name,
                name + " is not on the target; deployed without it, the program does not start", evidence,
                advice != null ? advice
                        : "Bundle it: `nativepack bundle` copies it into lib/ and makes the program find it there."));
    }

    void versionProblem(VersionProblem p) {
        String requester = display(p.requester());
        String provider = display(p.provider());
        List<String> evidence = new ArrayList<>();
        evidence.add("needed by " + requester);
        evidence.add("provided by " + provider + (p.provider().baseline() != null ? " (on the target)" : ""));
        for (String symbol : p.symbols()) {
            evidence.add("symbol " + symbol + "@" + p.version());
        }
        String who = p.requester().index() == 0 ? "" : requester + " ";
        String message = who + "needs " + p.version() + " from " + p.library() + ", which "
                + (p.provider().baseline() != null ? "the target's copy" : provider) + " does not define"
                + VersionAdvice.ceilingNote(p.version(), target);
        String fix = p.provider().baseline() != null ? VersionAdvice.fix(p.version(), p.library(), target)
                : "Bundle a version of " + p.library() + " that defines " + p.version() + ".";
        out.add(new Finding(Rule.SYMBOL_VERSION, p.weak() ? Severity.WARNING : Severity.ERROR, file,
                p.library() + " " + p.version() + " " + requester, message, evidence, fix));
    }

    /**
     * A library of the inputs that the target's copy beats: the loader found the target's first
     * (LD_LIBRARY_PATH, the cache or a system directory), so the input's copy is never loaded.
     */
    void shadowing(Closure closure) {
        for (LoadedObject o : closure.objects()) {
            if (o.baseline() == null || o.via() == FoundVia.INTERPRETER) {
                continue;
            }
            String copy = inputCopy(o.name(), closure);
            if (copy == null) {
                continue;
            }
            boolean broken = closure.versionProblems().stream().anyMatch(p -> p.provider() == o && !p.weak());
            out.add(new Finding(Rule.SHADOWED_LIBRARY, broken ? Severity.ERROR : Severity.WARNING, file, o.name(),
                    "the bundled " + copy + " is never loaded: the target's " + o.baseline().path() + " is found first ("
                            + o.howFound() + ")" + (broken ? ", and it lacks versions the program needs" : ""),
                    List.of("bundled: " + copy, "loaded instead: " + o.baseline().path()),
                    "Give the entry a DT_RPATH with the bundle's library directory (searched before LD_LIBRARY_PATH "
                            + "and the system; DT_RUNPATH is not), as `nativepack bundle` does, or rename the "
                            + "bundled library's soname."));
        }
    }

    /** A file with this name that the inputs bring: in the input's tree, or beside an input file's $ORIGIN paths. */
    private String inputCopy(String name, Closure closure) {
        if (input.tree() != null) {
            for (String rel : input.treeFiles()) {
                if (rel.equals(name) || rel.endsWith("/" + name)) {
                    return input.display(input.tree().resolve(rel));
                }
            }
            return null;
        }
        for (LoadedObject o : closure.objects()) {
            if (o.elf() == null || o.hostPath() == null || !o.hostNamespace()) {
                continue;
            }
            Path dir = o.hostPath().toAbsolutePath().getParent();
            for (String list : new String[] {o.elf().dynamic().rpath(), o.elf().dynamic().runpath()}) {
                if (list == null || dir == null) {
                    continue;
                }
                for (String element : list.split(":")) {
                    if (element.startsWith("$ORIGIN") || element.startsWith("${ORIGIN}")) {
                        String rest = element.substring(element.startsWith("$ORIGIN") ? 7 : 9);
                        Path candidate = Path.of(dir + rest).resolve(name);
                        if (Files.exists(candidate)) {
                            return candidate.normalize().toString();
                        }
                    }
                }
            }
        }
        return null;
    }
}
