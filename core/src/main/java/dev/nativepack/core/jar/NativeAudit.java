package dev.nativepack.core.jar;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.audit.AuditInputException;
import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Auditor;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of the natives a target would load, by the audit feature itself: each is written to a
 * scratch directory (the name it has in its jar, one directory each) and audited as a file, as
 * the JVM loads it from where it was extracted. Findings name the native by its place in its jar.
 */
final class NativeAudit {
    private NativeAudit() {
    }

    /** @param natives location in its jar, and content; @return the findings of each, by location */
    static Map<String, List<Finding>> run(Target target, Path buildRoot, Map<String, byte[]> natives)
            throws IOException {
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        if (natives.isEmpty()) {
            return out;
        }
        Path scratch = Files.createTempDirectory("nativepack-jar-");
        try {
            Map<String, String> locationOf = new HashMap<>();
            List<String> inputs = new ArrayList<>();
            int n = 0;
            for (Map.Entry<String, byte[]> e : natives.entrySet()) {
                Path dir = Files.createDirectory(scratch.resolve(Integer.toString(++n)));
                Path file = dir.resolve(safeName(e.getKey()));
                Files.write(file, e.getValue());
                inputs.add(file.toString());
                locationOf.put(file.toString(), e.getKey());
                out.put(e.getKey(), new ArrayList<>());
            }
            AuditReport report;
            try {
                report = new Auditor(target, buildRoot).audit(inputs);
            } catch (AuditInputException e) {
                throw new IOException("auditing the natives failed: " + e.getMessage(), e);
            }
            for (Finding f : report.findings()) {
                String location = locationOf.get(f.file());
                if (location != null) {
                    out.get(location).add(renamed(f, f.file(), location));
                }
            }
            return out;
        } finally {
            FileTrees.delete(scratch);
        }
    }

    /** The last part of the entry name, with anything unusual replaced: it only names a scratch file. */
    private static String safeName(String location) {
        String base = location.substring(location.lastIndexOf('/') + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._+-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "native" + safe : safe;
    }

    private static Finding renamed(Finding f, String from, String to) {
        List<String> evidence = new ArrayList<>();
        for (String line : f.evidence()) {
            evidence.add(line.replace(from, to));
        }
        return new Finding(f.rule(), f.severity(), to, f.subject() == null ? null : f.subject().replace(from, to),
                f.message().replace(from, to), evidence, f.fix().replace(from, to));
    }
}
