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
 * The audit of the natives a target would load, by the audit feature itself. The natives of one
 * jar directory are written to one scratch directory under the names they have in the jar, as a
 * JVM library's loader extracts them, and audited as files loaded together: each on its own, but a
 * DT_NEEDED name equal to the SONAME of a sibling is that sibling, loaded first (onnxruntime's
 * loader System.loads libonnxruntime.so, SONAME libonnxruntime.so.1, before the JNI library that
 * needs libonnxruntime.so.1; glibc's loader then matches the name to the object already loaded).
 * Findings name each native by its place in its jar.
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
            Map<String, List<String>> groups = new LinkedHashMap<>();
            Map<String, Path> groupDirs = new HashMap<>();
            int n = 0;
            for (Map.Entry<String, byte[]> e : natives.entrySet()) {
                String group = directoryOf(e.getKey());
                String name = safeName(e.getKey());
                Path dir = groupDirs.get(group);
                if (dir == null || Files.exists(dir.resolve(name))) {
                    // A name already taken (only unusual characters replaced tell them apart) gets a directory of its own.
                    dir = Files.createDirectory(scratch.resolve(Integer.toString(++n)));
                    groupDirs.putIfAbsent(group, dir);
                }
                Path file = dir.resolve(name);
                Files.write(file, e.getValue());
                inputs.add(file.toString());
                groups.computeIfAbsent(group, k -> new ArrayList<>()).add(file.toString());
                locationOf.put(file.toString(), e.getKey());
                out.put(e.getKey(), new ArrayList<>());
            }
            List<List<String>> together = new ArrayList<>();
            for (List<String> members : groups.values()) {
                if (members.size() > 1) {
                    together.add(members);
                }
            }
            AuditReport report;
            try {
                report = new Auditor(target, buildRoot).withoutRuntimeData().audit(inputs, together);
            } catch (AuditInputException e) {
                throw new IOException("auditing the natives failed: " + e.getMessage(), e);
            }
            // A finding can name a sibling's scratch file too (a problem of a library loaded first):
            // every scratch path is replaced, the longest first.
            List<Map.Entry<String, String>> renames = new ArrayList<>(locationOf.entrySet());
            renames.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
            for (Finding f : report.findings()) {
                String location = locationOf.get(f.file());
                if (location != null) {
                    out.get(location).add(renamed(f, renames));
                }
            }
            return out;
        } finally {
            FileTrees.delete(scratch);
        }
    }

    /**
     * The jar and directory of a native's location ({@code app.jar!/BOOT-INF/lib/x.jar!/native/linux}):
     * everything before its last "/", the entry's name being after the last "!/".
     */
    private static String directoryOf(String location) {
        int entry = location.lastIndexOf("!/");
        int slash = location.lastIndexOf('/');
        return slash > entry + 1 ? location.substring(0, slash) : location.substring(0, Math.max(entry, 0));
    }

    /** The last part of the entry name, with anything unusual replaced: it only names a scratch file. */
    private static String safeName(String location) {
        String base = location.substring(location.lastIndexOf('/') + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._+-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "native" + safe : safe;
    }

    private static Finding renamed(Finding f, List<Map.Entry<String, String>> renames) {
        List<String> evidence = new ArrayList<>();
        for (String line : f.evidence()) {
            evidence.add(replace(line, renames));
        }
        return new Finding(f.rule(), f.severity(), replace(f.file(), renames),
                f.subject() == null ? null : replace(f.subject(), renames), replace(f.message(), renames), evidence,
                replace(f.fix(), renames));
    }

    private static String replace(String text, List<Map.Entry<String, String>> renames) {
        for (Map.Entry<String, String> r : renames) {
            if (text.contains(r.getKey())) {
                text = text.replace(r.getKey(), r.getValue());
            }
        }
        return text;
    }
}
