package dev.nativepack.core.report;

import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders an audit as SARIF 2.1.0 in the subset GitHub code scanning reads: one run, every rule
 * described, and per finding a result with a message, one location and fingerprints.
 *
 * <p>Results carry no region: the files are ELF binaries, where a line means nothing, and SARIF
 * leaves the region out for a result about a whole artifact. The upload action then computes no
 * fingerprint of its own (it skips locations without a line), so each result brings its own:
 * {@code nativepack/v1} and {@code primaryLocationLineHash}, the only one code scanning reads.
 */
public final class AuditSarif {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    /** Code scanning rejects a run with more results; the report is worst first, so the worst stay. */
    static final int MAX_RESULTS = 25_000;
    private static final Pattern SEMANTIC_VERSION = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(-(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
                    + "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?");

    private AuditSarif() {
    }

    public static String render(AuditReport report, String toolVersion) {
        return render(report, toolVersion, null);
    }

    /** {@code informationUri}, where users read about the tool, is left out when null. */
    public static String render(AuditReport report, String toolVersion, String informationUri) {
        Map<String, Object> run = JsonFields.of(
                "tool", JsonFields.of("driver", driver(toolVersion, informationUri)),
                "results", results(report),
                "properties", runProperties(report));
        return JsonOutput.render(JsonFields.of("$schema", SCHEMA, "version", "2.1.0", "runs", List.of(run)));
    }

    private static Map<String, Object> driver(String toolVersion, String informationUri) {
        String version = toolVersion == null || toolVersion.isBlank() ? null : toolVersion;
        String semantic = version != null && SEMANTIC_VERSION.matcher(version).matches() ? version : null;
        return JsonFields.of("name", "nativepack", "informationUri", informationUri, "version", version,
                "semanticVersion", semantic, "rules", SarifRules.descriptors());
    }

    private static List<Map<String, Object>> results(AuditReport report) {
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (Finding f : report.findings().subList(0, Math.min(MAX_RESULTS, report.findings().size()))) {
            results.add(result(f, SarifLocation.of(f.file()), occurrences));
        }
        return results;
    }

    private static Map<String, Object> result(Finding f, SarifLocation where, Map<String, Integer> occurrences) {
        String fingerprint = fingerprint(f, where);
        // Identical findings stay distinct alerts, numbered as CodeQL numbers equal line hashes.
        int occurrence = occurrences.merge(fingerprint, 1, Integer::sum);
        return JsonFields.of(
                "ruleId", f.rule().id(),
                "ruleIndex", f.rule().ordinal(),
                "level", f.severity().label(),
                "message", JsonFields.of("text", messageText(f, where)),
                "locations", List.of(JsonFields.of(
                        "physicalLocation", where.physicalLocation(),
                        "logicalLocations", where.logicalLocations())),
                "partialFingerprints", JsonFields.of(
                        "nativepack/v1", fingerprint,
                        "primaryLocationLineHash", fingerprint.substring(0, 16) + ":" + occurrence),
                "properties", JsonFields.of(
                        "subject", f.subject(),
                        "evidence", f.evidence(),
                        "fix", f.fix().isEmpty() ? null : f.fix()));
    }

    /** The message first (code scanning titles the alert with its first sentence), then evidence and fix. */
    private static String messageText(Finding f, SarifLocation where) {
        StringBuilder text = new StringBuilder();
        // The location names only the archive; the file inside it must be read in the message.
        if (where.innerPath() != null && !f.message().contains(where.innerPath())) {
            text.append(where.innerPath()).append(": ");
        }
        text.append(f.message());
        if (!f.evidence().isEmpty()) {
            text.append("\nEvidence: ").append(String.join(", ", EvidenceLines.head(f.evidence())));
            EvidenceLines.rest(f.evidence()).ifPresent(more -> text.append(", ").append(more));
        }
        if (!f.fix().isEmpty()) {
            text.append("\nFix: ").append(f.fix());
        }
        return text.toString();
    }

    /** Rule, normalised file and subject: what makes a finding the same one from run to run. */
    private static String fingerprint(Finding f, SarifLocation where) {
        String key = f.rule().id() + '\0' + where.identity() + '\0' + (f.subject() == null ? "" : f.subject());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> runProperties(AuditReport report) {
        int omitted = Math.max(0, report.findings().size() - MAX_RESULTS);
        return JsonFields.of(
                "targetId", report.targetId(),
                "targetSummary", report.targetSummary(),
                "inputs", report.inputs(),
                "filesAudited", report.filesAudited(),
                "librariesFromTarget", report.librariesFromTarget(),
                "librariesToBundle", report.librariesToBundle(),
                "omittedResults", omitted > 0 ? omitted : null);
    }
}
