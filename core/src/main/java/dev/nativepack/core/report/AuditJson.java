package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import java.io.IOException;

/**
 * Renders an audit as JSON for scripts. The shape is a contract: fields keep their names and
 * order, every finding has every field (a missing subject is null), and severities are the
 * lower-case labels used on the command line.
 */
public final class AuditJson {
    private AuditJson() {
    }

    public static String render(AuditReport report) {
        return StreamingJson.render(g -> write(g, report));
    }

    private static void write(JsonGenerator g, AuditReport report) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("target");
        g.writeStringField("id", report.targetId());
        g.writeStringField("summary", report.targetSummary());
        g.writeEndObject();
        StreamingJson.writeStrings(g, "inputs", report.inputs());
        g.writeObjectFieldStart("summary");
        g.writeNumberField("filesAudited", report.filesAudited());
        g.writeNumberField("librariesFromTarget", report.librariesFromTarget());
        g.writeNumberField("librariesToBundle", report.librariesToBundle());
        g.writeNumberField("errors", report.count(Severity.ERROR));
        g.writeNumberField("warnings", report.count(Severity.WARNING));
        g.writeNumberField("notes", report.count(Severity.NOTE));
        g.writeEndObject();
        g.writeArrayFieldStart("findings");
        for (Finding f : report.findings()) {
            write(g, f);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One finding; {@code rule} is the stable rule id. A null string is written as null, not left out. */
    static void write(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("rule", f.rule().id());
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("file", f.file());
        g.writeStringField("subject", f.subject());
        g.writeStringField("message", f.message());
        StreamingJson.writeStrings(g, "evidence", f.evidence());
        g.writeStringField("fix", f.fix());
        g.writeEndObject();
    }
}
