package dev.nativepack.core.jar;

import dev.nativepack.core.audit.Auditor;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the natives embedded in jars: every jar named (or found in a directory) and the jars
 * nested in them ({@code BOOT-INF/lib/*.jar}, a deployment zip's {@code lib/*.jar}), each native
 * identified from its content. Given a target, it says which natives are for it and audits those
 * with the audit feature (symbol versions, missing libraries). Never prints, never executes.
 */
public final class JarScanner {
    private final Target target;
    private final Path buildRoot;

    /**
     * @param target    the target natives are checked against, or null to list them only
     * @param buildRoot where the audit looks for libraries the target lacks (normally /)
     */
    public JarScanner(Target target, Path buildRoot) {
        this.target = target;
        this.buildRoot = buildRoot;
    }

    public JarScanReport scan(List<String> inputs) throws JarInputException, IOException {
        List<JarInputs.Found> found = new ArrayList<>();
        for (String input : inputs) {
            found.addAll(JarInputs.expand(input));
        }
        List<ScannedJar> jars = new ArrayList<>();
        List<EmbeddedNative> natives = new ArrayList<>();
        Map<String, byte[]> forAudit = new LinkedHashMap<>();
        try (JarSurvey survey = new JarSurvey(target, false)) {
            for (JarInputs.Found f : found) {
                try (JarZip zip = JarZip.open(f.display(), f.path())) {
                    scan(survey, zip, 0, jars, natives, forAudit);
                }
            }
        }
        if (target != null) {
            Map<String, List<Finding>> findings = NativeAudit.run(target, buildRoot, forAudit);
            for (int i = 0; i < natives.size(); i++) {
                List<Finding> f = findings.get(natives.get(i).location());
                if (f != null) {
                    natives.set(i, natives.get(i).withFindings(f));
                }
            }
        }
        return new JarScanReport(target == null ? null : target.id(), target == null ? null : Auditor.summary(target),
                inputs, jars, natives);
    }

    private void scan(JarSurvey survey, JarZip zip, int depth, List<ScannedJar> jars, List<EmbeddedNative> natives,
                      Map<String, byte[]> forAudit) throws JarInputException {
        List<JarSurvey.Item> items = survey.survey(zip, depth, target != null);
        int count = 0;
        for (JarSurvey.Item item : items) {
            if (item.type() == JarSurvey.Type.NATIVE) {
                count++;
                EmbeddedNative n = new EmbeddedNative(zip.display(), item.entry().name(), item.entry().size(),
                        item.entry().compressedSize(), item.identity(), item.fit(), null);
                natives.add(n);
                if (item.content() != null && item.identity().format() == NativeFormat.ELF) {
                    forAudit.put(n.location(), item.content());
                }
            }
        }
        jars.add(new ScannedJar(zip.display(), zip.size(), items.size(), count, zip.signed()));
        for (JarSurvey.Item item : items) {
            if (item.type() == JarSurvey.Type.NESTED_JAR) {
                try (JarZip inner = JarZip.open(zip.display() + "!/" + item.entry().name(), item.content())) {
                    scan(survey, inner, depth + 1, jars, natives, forAudit);
                }
            }
        }
    }
}
