package dev.nativepack.core.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code nativepack.json}, written into every bundle: the target, the layout, every file with its
 * origin, digest and owner, and the renames. Nothing in it depends on when or in which order the
 * bundle was made, so it does not spoil a reproducible archive.
 */
public final class BundleManifest {
    public static final String FILE_NAME = "nativepack.json";
    private static final JsonFactory FACTORY = new JsonFactory();

    private BundleManifest() {
    }

    public static String write(String targetId, Layout layout, List<ManifestEntry> files, Map<String, String> renames,
                               String toolVersion) {
        return write(targetId, layout, files, renames, BundleData.NONE, toolVersion);
    }

    /** With the environment the bundle sets and what it did with each run-time need (both left out when none). */
    public static String write(String targetId, Layout layout, List<ManifestEntry> files, Map<String, String> renames,
                               BundleData data, String toolVersion) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema", 1);
            g.writeStringField("tool", "nativepack " + toolVersion);
            g.writeStringField("target", targetId);
            g.writeStringField("layout", layout.label());
            g.writeArrayFieldStart("files");
            for (ManifestEntry e : files) {
                g.writeStartObject();
                g.writeStringField("path", e.path());
                g.writeStringField("role", e.role());
                g.writeStringField("sha256", e.sha256());
                g.writeNumberField("size", e.size());
                optional(g, "soname", e.soname());
                optional(g, "rpath", e.rpath());
                g.writeStringField("source", e.source());
                optional(g, "package", e.pkg());
                optional(g, "packageVersion", e.packageVersion());
                g.writeStringField("reason", e.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("renames");
            for (Map.Entry<String, String> r : new TreeMap<>(renames).entrySet()) {
                g.writeStringField(r.getKey(), r.getValue());
            }
            g.writeEndObject();
            if (!data.choices().isEmpty()) {
                g.writeObjectFieldStart("environment");
                g.writeStringField("root", data.root());
                g.writeObjectFieldStart("variables");
                for (Map.Entry<String, String> v : data.environment().entrySet()) {
                    g.writeStringField(v.getKey(), v.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeArrayFieldStart("runtimeData");
                for (DataChoice c : data.choices()) {
                    g.writeStartObject();
                    g.writeStringField("library", c.need().library());
                    g.writeStringField("kind", c.need().kind().id());
                    g.writeStringField("path", c.need().path());
                    g.writeStringField("destination", c.need().destination());
                    g.writeStringField("status", c.status().label());
                    optional(g, "why", c.why());
                    g.writeNumberField("bytes", c.bytes());
                    g.writeArrayFieldStart("leftOut");
                    for (var p : c.leftOut()) {
                        g.writeString(p.path());
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out + "\n";
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
