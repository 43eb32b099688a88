package dev.nativepack.core.audit;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.packages.PackageDatabase;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.core.resolve.TargetView;
import dev.nativepack.core.runtimedata.RuntimeDataFinder;
import dev.nativepack.core.runtimedata.RuntimeDataTable;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import dev.nativepack.core.target.TargetProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks inputs against a target: resolves every ELF file as the target's loader would (the
 * target's libraries as data, archives unpacked at its task root, what it lacks taken from this
 * machine), then applies the rules and returns the findings. Never prints, never executes an input.
 */
public final class Auditor {
    private final Target target;
    private final TargetBaseline baseline;
    private final Path buildRoot;
    private final boolean runtimeData;

    /** @param buildRoot where libraries the target lacks are looked for (normally /) */
    public Auditor(Target target, Path buildRoot) {
        this(target, buildRoot, true);
    }

    private Auditor(Target target, Path buildRoot, boolean runtimeData) {
        this.target = target;
        this.baseline = TargetBaseline.of(target);
        this.buildRoot = buildRoot;
        this.runtimeData = runtimeData;
    }

    /**
     * The same audit without the runtime-data rule, for inputs whose run-time files are not this
     * machine's to find: the natives inside jars, which no package manager installed here. It also
     * spares such audits reading the package database.
     */
    public Auditor withoutRuntimeData() {
        return new Auditor(target, buildRoot, false);
    }

    public AuditReport audit(List<String> inputs) throws AuditInputException, IOException {
        return audit(inputs, List.of());
    }

    /**
     * Audits inputs of which some are loaded by one process, by path, each before what needs it:
     * the natives a JVM extracts from one jar directory, whose Java code System.loads a library
     * before the JNI library that names it in DT_NEEDED. Each input is still audited on its own,
     * but a DT_NEEDED name in its closure that equals the SONAME of another file of its group is
     * that file, already loaded (the loader matches names against the SONAMEs of loaded objects),
     * rather than a library to search for. That file's own problems then show in both.
     *
     * @param loadedTogether groups of inputs, named as in {@code inputs}; ELF files, as a rule
     */
    public AuditReport audit(List<String> inputs, List<List<String>> loadedTogether)
            throws AuditInputException, IOException {
        InputLoader loader = new InputLoader();
        // The package database (dpkg's, else rpm's) is asked only about files the runtime-data check has
        // not kept an answer for since its last change. Its table and what earlier runs kept are read on
        // another thread while the closures resolve.
        Future<RuntimeDataFinder> finder = !runtimeData ? null : PREPARE.submit(new PreparedFinder(buildRoot));
        try {
            List<AuditInput> loaded = new ArrayList<>();
            Map<String, AuditInput> byName = new HashMap<>();
            for (String input : inputs) {
                AuditInput in = loader.load(input);
                loaded.add(in);
                byName.putIfAbsent(input, in);
            }
            Findings findings = new Findings();
            Set<String> fromTarget = new HashSet<>();
            Set<Path> toBundle = new HashSet<>();
            int files = 0;
            Resolver plain = resolver(Map.of());
            for (AuditInput input : loaded) {
                Resolver resolver = input.tree() == null ? plain
                        : resolver(Map.of(target.layout().taskRoot(), input.tree()));
                InputAudit audit = new InputAudit(target, baseline, input, resolver, findings,
                        loadedWith(input, loadedTogether, byName));
                audit.run();
                if (finder != null) {
                    new RuntimeDataCheck(target, input, findings).check(ready(finder), audit.inputFiles(),
                            audit.toBundleObjects());
                }
                files += input.elfFiles().size();
                fromTarget.addAll(audit.fromTarget());
                toBundle.addAll(audit.toBundle());
            }
            return new AuditReport(target.id(), summary(target), inputs, files, fromTarget.size(), toBundle.size(),
                    findings.sorted());
        } finally {
            if (loader.scratchMade() != null) {
                FileTrees.delete(loader.scratchMade());
            }
        }
    }

    /** A daemon thread: an audit that fails must not be kept alive by a preparation still running. */
    private static final ExecutorService PREPARE = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "nativepack-runtime-data");
        t.setDaemon(true);
        return t;
    });

    /** A class rather than a lambda: a short run pays for each lambda it links. */
    private record PreparedFinder(Path buildRoot) implements Callable<RuntimeDataFinder> {
        @Override
        public RuntimeDataFinder call() {
            return new RuntimeDataFinder(buildRoot, PackageDatabase.of(buildRoot), RuntimeDataTable.builtIn(),
                    NeverBundle::category).warm();
        }
    }

    /** The finder once prepared; what went wrong preparing it is thrown here, on the caller's thread. */
    private static RuntimeDataFinder ready(Future<RuntimeDataFinder> finder) throws IOException {
        try {
            return finder.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the run-time data table", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The files of the other inputs loaded together with this one, in the order the groups name them. */
    private static List<Path> loadedWith(AuditInput input, List<List<String>> groups, Map<String, AuditInput> byName) {
        Set<Path> files = new LinkedHashSet<>();
        for (List<String> group : groups) {
            if (!group.contains(input.name())) {
                continue;
            }
            for (String other : group) {
                AuditInput o = byName.get(other);
                if (o != null && o != input) {
                    files.addAll(o.elfFiles());
                }
            }
        }
        files.removeAll(input.elfFiles());
        return List.copyOf(files);
    }

    /** One line about a target: "glibc 2.34, x86_64, DERIVED (medium confidence)". */
    public static String summary(Target target) {
        return target.libc().family() + " " + target.libc().version() + ", " + target.architecture() + ", "
                + target.provenance().kind() + " (" + target.provenance().confidence() + " confidence)";
    }

    private Resolver resolver(Map<String, Path> mounts) {
        return new Resolver(TargetProfiles.of(target), TargetView.NO_FILES, new TargetView(baseline, mounts, buildRoot));
    }
}
