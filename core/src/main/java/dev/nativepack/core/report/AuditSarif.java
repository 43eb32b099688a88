package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
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
 *
 * <p>Absent values are left out rather than written as null: SARIF's schema rejects null where it
 * expects a string or an object.
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
        return StreamingJson.render(g -> writeLog(g, report, toolVersion, informationUri));
    }

    private static void writeLog(JsonGenerator g, AuditReport report, String toolVersion, String informationUri)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("$schema", SCHEMA);
        g.writeStringField("version", "2.1.0");
        g.writeArrayFieldStart("runs");
        g.writeStartObject();
        g.writeObjectFieldStart("tool");
        writeDriver(g, toolVersion, informationUri);
        g.writeEndObject();
        writeResults(g, report);
        writeRunProperties(g, report);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeDriver(JsonGenerator g, String toolVersion, String informationUri) throws IOException {
        String version = toolVersion == null || toolVersion.isBlank() ? null : toolVersion;
        String semantic = version != null && SEMANTIC_VERSION.matcher(version).matches() ? version : null;
        g.writeObjectFieldStart("driver");
        g.writeStringField("name", "nativepack");
        StreamingJson.writeOptionalString(g, "informationUri", informationUri);
        StreamingJson.writeOptionalString(g, "version", version);
        StreamingJson.writeOptionalString(g, "semanticVersion", semantic);
        SarifRules.write(g);
        g.writeEndObject();
    }

    private static void writeResults(JsonGenerator g, AuditReport report) throws IOException {
        Map<String, Integer> occurrences = new HashMap<>();
        g.writeArrayFieldStart("results");
        for (Finding f : report.findings().subList(0, Math.min(MAX_RESULTS, report.findings().size()))) {
            writeResult(g, f, SarifLocation.of(f.file()), occurrences);
        }
        g.writeEndArray();
    }

    private static void writeResult(JsonGenerator g, Finding f, SarifLocation where, Map<String, Integer> occurrences)
            throws IOException {
        String fingerprint = fingerprint(f, where);
        // Identical findings stay distinct alerts, numbered as CodeQL numbers equal line hashes.
        int occurrence = occurrences.merge(fingerprint, 1, Integer::sum);
        g.writeStartObject();
        g.writeStringField("ruleId", f.rule().id());
        g.writeNumberField("ruleIndex", f.rule().ordinal());
        g.writeStringField("level", f.severity().label());
        StreamingJson.writeText(g, "message", messageText(f, where));
        g.writeArrayFieldStart("locations");
        where.write(g);
        g.writeEndArray();
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField("nativepack/v1", fingerprint);
        g.writeStringField("primaryLocationLineHash", fingerprint.substring(0, 16) + ":" + occurrence);
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        StreamingJson.writeOptionalString(g, "subject", f.subject());
        StreamingJson.writeStrings(g, "evidence", f.evidence());
        StreamingJson.writeOptionalString(g, "fix", f.fix().isEmpty() ? null : f.fix());
        g.writeEndObject();
        g.writeEndObject();
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

    private static void writeRunProperties(JsonGenerator g, AuditReport report) throws IOException {
        int omitted = Math.max(0, report.findings().size() - MAX_RESULTS);
        g.writeObjectFieldStart("properties");
        StreamingJson.writeOptionalString(g, "targetId", report.targetId());
        StreamingJson.writeOptionalString(g, "targetSummary", report.targetSummary());
        StreamingJson.writeStrings(g, "inputs", report.inputs());
        g.writeNumberField("filesAudited", report.filesAudited());
        g.writeNumberField("librariesFromTarget", report.librariesFromTarget());
        g.writeNumberField("librariesToBundle", report.librariesToBundle());
        if (omitted > 0) {
            g.writeNumberField("omittedResults", omitted);
        }
        g.writeEndObject();
    }
}
