package dev.nativepack.core.audit;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.packages.DpkgDatabase;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.core.resolve.TargetView;
import dev.nativepack.core.runtimedata.RuntimeDataFinder;
import dev.nativepack.core.runtimedata.RuntimeDataTable;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import dev.nativepack.core.target.TargetProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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

    /** @param buildRoot where libraries the target lacks are looked for (normally /) */
    public Auditor(Target target, Path buildRoot) {
        this.target = target;
        this.baseline = TargetBaseline.of(target);
        this.buildRoot = buildRoot;
    }

    public AuditReport audit(List<String> inputs) throws AuditInputException, IOException {
        InputLoader loader = new InputLoader();
        // dpkg's lists are read while the closures are resolved; the runtime-data check needs them last.
        RuntimeDataFinder finder = new RuntimeDataFinder(buildRoot, DpkgDatabase.of(buildRoot).readingAhead(),
                RuntimeDataTable.builtIn(), NeverBundle::category);
        try {
            List<AuditInput> loaded = new ArrayList<>();
            for (String input : inputs) {
                loaded.add(loader.load(input));
            }
            Findings findings = new Findings();
            Set<String> fromTarget = new HashSet<>();
            Set<Path> toBundle = new HashSet<>();
            int files = 0;
            Resolver plain = resolver(Map.of());
            for (AuditInput input : loaded) {
                Resolver resolver = input.tree() == null ? plain
                        : resolver(Map.of(target.layout().taskRoot(), input.tree()));
                InputAudit audit = new InputAudit(target, baseline, input, resolver, findings);
                audit.run();
                new RuntimeDataCheck(target, input, findings).check(finder, audit.inputFiles(), audit.toBundleObjects());
                files += input.elfFiles().size();
                fromTarget.addAll(audit.fromTarget());
                toBundle.addAll(audit.toBundle());
            }
            String summary = "glibc".equals(target.libc().family())
                    ? "glibc " + target.libc().version() : target.libc().family() + " " + target.libc().version();
            summary += ", " + target.architecture() + ", " + target.provenance().kind() + " ("
                    + target.provenance().confidence() + " confidence)";
            return new AuditReport(target.id(), summary, inputs, files, fromTarget.size(), toBundle.size(),
                    findings.sorted());
        } finally {
            if (loader.scratchMade() != null) {
                FileTrees.delete(loader.scratchMade());
            }
        }
    }

    private Resolver resolver(Map<String, Path> mounts) {
        return new Resolver(TargetProfiles.of(target), TargetView.NO_FILES, new TargetView(baseline, mounts, buildRoot));
    }
}
