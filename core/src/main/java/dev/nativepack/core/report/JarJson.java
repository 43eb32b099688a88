package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.jar.EmbeddedNative;
import dev.nativepack.core.jar.JarScanReport;
import dev.nativepack.core.jar.PruneResult;
import dev.nativepack.core.jar.PrunedJar;
import dev.nativepack.core.jar.ScannedJar;
import dev.nativepack.core.jar.TargetFit;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Renders {@code jar scan} and {@code jar prune} results as JSON for scripts. Sizes are bytes;
 * fields keep their names and order; a native not checked against a target has null for
 * {@code decision}, and one not audited null for {@code findings}.
 */
public final class JarJson {
    private JarJson() {
    }

    public static String render(JarScanReport report) {
        return StreamingJson.render(g -> {
            g.writeStartObject();
            target(g, report.targetId(), report.targetSummary());
            StreamingJson.writeStrings(g, "inputs", report.inputs());
            g.writeObjectFieldStart("summary");
            g.writeNumberField("jars", report.jars().size());
            g.writeNumberField("natives", report.natives().size());
            if (report.targetId() != null) {
                for (TargetFit.Decision d : TargetFit.Decision.values()) {
                    g.writeNumberField(d.label(), report.count(d));
                    g.writeNumberField(d.label() + "Bytes", report.bytes(d));
                }
                g.writeNumberField("failingAudit", report.natives().stream().filter(EmbeddedNative::failsAudit).count());
                StreamingJson.writeStrings(g, "jarsWithoutTargetNative", report.jarsWithoutTargetNative());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("jars");
            for (ScannedJar jar : report.jars()) {
                g.writeStartObject();
                g.writeStringField("location", jar.location());
                g.writeNumberField("bytes", jar.bytes());
                g.writeNumberField("entries", jar.entries());
                g.writeNumberField("natives", jar.natives());
                g.writeBooleanField("signed", jar.signed());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("natives");
            for (EmbeddedNative n : report.natives()) {
                nativeObject(g, n);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    public static String render(PruneResult result) {
        return StreamingJson.render(g -> {
            g.writeStartObject();
            g.writeStringField("input", result.input());
            g.writeStringField("output", result.output().toString());
            g.writeStringField("target", result.targetId());
            g.writeNumberField("bytesSaved", result.bytesSaved());
            g.writeArrayFieldStart("jars");
            for (PrunedJar jar : result.jars()) {
                g.writeStartObject();
                g.writeStringField("location", jar.location());
                g.writeNumberField("bytesBefore", jar.bytesBefore());
                g.writeNumberField("bytesAfter", jar.bytesAfter());
                g.writeBooleanField("signedKept", jar.signedKept());
                g.writeArrayFieldStart("dropped");
                for (EmbeddedNative n : jar.dropped()) {
                    nativeObject(g, n);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("unknown");
                for (EmbeddedNative n : jar.unknown()) {
                    nativeObject(g, n);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("extracted");
            for (Path p : result.extracted()) {
                g.writeString(p.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void target(JsonGenerator g, String id, String summary) throws IOException {
        if (id == null) {
            g.writeNullField("target");
            return;
        }
        g.writeObjectFieldStart("target");
        g.writeStringField("id", id);
        g.writeStringField("summary", summary);
        g.writeEndObject();
    }

    private static void nativeObject(JsonGenerator g, EmbeddedNative n) throws IOException {
        g.writeStartObject();
        g.writeStringField("jar", n.jar());
        g.writeStringField("entry", n.entry());
        g.writeNumberField("size", n.size());
        g.writeNumberField("compressedSize", n.compressedSize());
        g.writeStringField("format", n.identity().format().label());
        g.writeStringField("kind", n.identity().kind().label());
        g.writeStringField("os", n.identity().platform().os());
        g.writeStringField("architecture", n.identity().platform().architecture());
        g.writeStringField("libc", n.identity().platform().libc());
        StreamingJson.writeStrings(g, "evidence", n.identity().evidence());
        g.writeStringField("decision", n.fit() == null ? null : n.fit().decision().label());
        g.writeStringField("reason", n.fit() == null ? null : n.fit().reason());
        if (n.findings() == null) {
            g.writeNullField("findings");
        } else {
            g.writeArrayFieldStart("findings");
            for (Finding f : n.findings()) {
                AuditJson.write(g, f);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
