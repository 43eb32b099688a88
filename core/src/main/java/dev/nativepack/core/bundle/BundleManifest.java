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
