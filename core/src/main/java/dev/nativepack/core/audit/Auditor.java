package dev.nativepack.core.audit;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.core.resolve.TargetView;
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

    /** One line about a target: "glibc 2.34, x86_64, DERIVED (medium confidence)". */
    public static String summary(Target target) {
        return target.libc().family() + " " + target.libc().version() + ", " + target.architecture() + ", "
                + target.provenance().kind() + " (" + target.provenance().confidence() + " confidence)";
    }

    private Resolver resolver(Map<String, Path> mounts) {
        return new Resolver(TargetProfiles.of(target), TargetView.NO_FILES, new TargetView(baseline, mounts, buildRoot));
    }
}
