package dev.nativepack.core.audit;

import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.core.runtimedata.ObjectFile;
import dev.nativepack.core.runtimedata.RuntimeDataFinder;
import dev.nativepack.core.runtimedata.RuntimeNeed;
import dev.nativepack.core.target.Target;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runtime-data}: per library the input brings or must bundle, what it loads or reads at run
 * time (plugins, data, configuration) and whether the input has it where a bundle puts it. The
 * target's own libraries are not examined: the target brings their data with them.
 */
final class RuntimeDataCheck {
    private final Target target;
    private final AuditInput input;
    private final Findings out;

    RuntimeDataCheck(Target target, AuditInput input, Findings out) {
        this.target = target;
        this.input = input;
        this.out = out;
    }

    void check(RuntimeDataFinder finder, List<ElfFile> inputFiles, Collection<LoadedObject> toBundle)
            throws IOException {
        List<ObjectFile> files = new ArrayList<>();
        for (ElfFile elf : inputFiles) {
            files.add(ObjectFile.of(elf));
        }
        for (LoadedObject o : toBundle) {
            files.add(new ObjectFile(o.soname() != null ? o.soname() : o.name(), o.hostPath(), o.elf()));
        }
        Map<String, List<RuntimeNeed>> byLibrary = new LinkedHashMap<>();
        for (RuntimeNeed n : finder.find(files)) {
            List<RuntimeNeed> same = byLibrary.get(n.library());
            if (same == null) {
                same = new ArrayList<>();
                byLibrary.put(n.library(), same);
            }
            same.add(n);
        }
        for (Map.Entry<String, List<RuntimeNeed>> e : byLibrary.entrySet()) {
            out.add(finding(e.getKey(), e.getValue()));
        }
    }

    /** A path inside the input (a zip unpacked in a scratch directory) by its place there, others as they are. */
    private String shown(String path) {
        Path p = Path.of(path);
        return input.contains(p) ? input.display(p.toAbsolutePath().normalize()) : path;
    }

    private Finding finding(String library, List<RuntimeNeed> needs) {
        List<RuntimeNeed> missing = new ArrayList<>();
        List<RuntimeNeed> present = new ArrayList<>();
        List<RuntimeNeed> fromTarget = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (RuntimeNeed n : needs) {
            Boolean inInput = null;
            if (!n.bundled()) {
                fromTarget.add(n);
            } else if (input.tree() != null && n.presentIn(input.tree())) {
                present.add(n);
                inInput = true;
            } else {
                missing.add(n);
                inInput = false;
            }
            evidence.addAll(RuntimeDataLines.evidence(n, target.layout().taskRoot(), inInput, this::shown));
        }
        String message;
        if (!missing.isEmpty()) {
            message = library + " needs " + RuntimeDataLines.summary(missing, this::shown) + " at run time: it is not on the target"
                    + ", and the input does not bring " + (missing.size() == 1 && present.isEmpty() ? "it" : "them")
                    + (present.isEmpty() ? "" : " (it brings " + RuntimeDataLines.summary(present, this::shown) + ")");
        } else if (!present.isEmpty()) {
            message = library + " needs " + RuntimeDataLines.summary(present, this::shown) + " at run time, and the input brings "
                    + (present.size() == 1 ? "it" : "them");
        } else {
            message = library + " needs " + RuntimeDataLines.summary(fromTarget, this::shown) + " at run time, from the target: "
                    + fromTarget.get(0).neverBundled() + " is never bundled";
        }
        return new Finding(Rule.RUNTIME_DATA, missing.isEmpty() ? Severity.NOTE : Severity.WARNING, input.name(), library,
                message, evidence, missing.isEmpty() ? "" : RuntimeDataLines.fix(missing, target.layout().taskRoot(), this::shown));
    }
}
