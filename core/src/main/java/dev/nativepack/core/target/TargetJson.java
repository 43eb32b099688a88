package dev.nativepack.core.target;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nativepack.core.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes targets as JSON (schema 1). Uses Jackson's streaming parser only: a target is
 * read on every audit, and the data-binding layer would double the start-up cost.
 */
public final class TargetJson {
    public static final int SCHEMA = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    private TargetJson() {
    }

    /** Reads one target; {@code source} names the file or resource in error messages. */
    public static Target read(InputStream in, String source) throws IOException, TargetFormatException {
        Object tree;
        try {
            tree = JsonTree.read(in, source);
        } catch (JsonTree.MalformedJsonException e) {
            throw new TargetFormatException(e.getMessage(), e);
        }
        return new Fields(source, "", tree).toTarget();
    }

    /** Typed access to one JSON object, with messages that name the file and the field. */
    private static final class Fields {
        private final String source;
        private final String path;
        private final Map<?, ?> map;

        Fields(String source, String path, Object value) throws TargetFormatException {
            this.source = source;
            this.path = path;
            if (!(value instanceof Map)) {
                throw new TargetFormatException(source + ": " + (path.isEmpty() ? "the document" : path)
                        + " must be a JSON object");
            }
            this.map = (Map<?, ?>) value;
        }

        private String where(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        private TargetFormatException problem(String field, String what) {
            return new TargetFormatException(source + ": field \"" + where(field) + "\" " + what);
        }

        String string(String field) throws TargetFormatException {
            String s = optionalString(field);
            if (s == null) {
                throw problem(field, "is missing");
            }
            return s;
        }

        String optionalString(String field) throws TargetFormatException {
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String)) {
                throw problem(field, "must be a string");
            }
            return (String) v;
        }

        long number(String field) throws TargetFormatException {
            Object v = map.get(field);
            if (!(v instanceof Long) || (Long) v < 0) {
                throw problem(field, "must be a whole number of at least 0");
            }
            return (Long) v;
        }

        List<String> strings(String field, boolean required) throws TargetFormatException {
            Object v = map.get(field);
            if (v == null) {
                if (required) {
                    throw problem(field, "is missing");
                }
                return null;
            }
            if (!(v instanceof List)) {
                throw problem(field, "must be a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof String)) {
                    throw problem(field, "must be a list of strings");
                }
                out.add((String) o);
            }
            return out;
        }

        Map<String, String> stringMap(String field, boolean required) throws TargetFormatException {
            Object v = map.get(field);
            if (v == null) {
                if (required) {
                    throw problem(field, "is missing");
                }
                return null;
            }
            if (!(v instanceof Map)) {
                throw problem(field, "must be an object of strings");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    throw problem(field + "." + e.getKey(), "must be a string");
                }
                out.put((String) e.getKey(), (String) e.getValue());
            }
            return out;
        }

        Fields object(String field, boolean required) throws TargetFormatException {
            Object v = map.get(field);
            if (v == null) {
                if (required) {
                    throw problem(field, "is missing");
                }
                return null;
            }
            return new Fields(source, where(field), v);
        }

        List<Fields> objects(String field) throws TargetFormatException {
            Object v = map.get(field);
            if (!(v instanceof List)) {
                throw problem(field, v == null ? "is missing" : "must be a list of objects");
            }
            List<Fields> out = new ArrayList<>();
            List<?> list = (List<?>) v;
            for (int i = 0; i < list.size(); i++) {
                out.add(new Fields(source, where(field) + "[" + i + "]", list.get(i)));
            }
            return out;
        }

        Target toTarget() throws TargetFormatException {
            Object schema = map.get("schema");
            if (!(schema instanceof Long) || (Long) schema != SCHEMA) {
                throw problem("schema", "must be " + SCHEMA + " (this version of nativepack reads schema " + SCHEMA + ")");
            }
            Fields prov = object("provenance", true);
            Target.ProvenanceKind kind;
            String kindName = prov.string("kind");
            try {
                kind = Target.ProvenanceKind.valueOf(kindName);
            } catch (IllegalArgumentException e) {
                throw prov.problem("kind", "must be REAL or DERIVED, not \"" + kindName + "\"");
            }
            List<String> sources = prov.strings("sources", false);
            Target.Provenance provenance = new Target.Provenance(kind, prov.string("confidence"),
                    sources == null ? List.of() : sources, prov.optionalString("notes"));
            Fields libc = object("libc", true);
            Fields loader = object("loader", true);
            Fields layout = object("layout", true);
            Fields limits = object("limits", false);
            List<TargetLibrary> libraries = new ArrayList<>();
            for (Fields lib : objects("libraries")) {
                libraries.add(new TargetLibrary(lib.string("name"), lib.string("directory"), lib.optionalString("soname"),
                        lib.strings("versions", false), lib.optionalString("confidence"), lib.strings("needed", false)));
            }
            Map<String, String> ceilings = stringMap("ceilings", false);
            Map<String, String> aliases = loader.stringMap("directoryAliases", false);
            return new Target(string("id"), optionalString("description"), provenance, string("architecture"),
                    new Target.Libc(libc.string("family"), libc.string("version")),
                    ceilings == null ? Map.of() : ceilings,
                    new Target.Loader(loader.string("interpreter"), loader.strings("systemDirs", true),
                            loader.string("lib"), loader.string("platform"), loader.optionalString("ldLibraryPath"),
                            aliases),
                    new Target.Layout(layout.string("taskRoot"), layout.optionalString("layerRoot"),
                            layout.optionalString("path")),
                    limits == null ? null : new Target.Limits(limits.number("zippedBytes"), limits.number("unzippedBytes")),
                    libraries);
        }
    }

    /** Writes a target with a fixed field order, so equal targets give equal files. */
    public static String write(Target t) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("id", t.id());
            if (t.description() != null) {
                g.writeStringField("description", t.description());
            }
            g.writeObjectFieldStart("provenance");
            g.writeStringField("kind", t.provenance().kind().name());
            g.writeStringField("confidence", t.provenance().confidence());
            writeStrings(g, "sources", t.provenance().sources());
            if (!t.provenance().notes().isEmpty()) {
                g.writeStringField("notes", t.provenance().notes());
            }
            g.writeEndObject();
            g.writeStringField("architecture", t.architecture());
            g.writeObjectFieldStart("libc");
            g.writeStringField("family", t.libc().family());
            g.writeStringField("version", t.libc().version());
            g.writeEndObject();
            writeMap(g, "ceilings", new TreeMap<>(t.ceilings()));
            Target.Loader l = t.loader();
            g.writeObjectFieldStart("loader");
            g.writeStringField("interpreter", l.interpreter());
            writeStrings(g, "systemDirs", l.systemDirs());
            g.writeStringField("lib", l.lib());
            g.writeStringField("platform", l.platform());
            g.writeStringField("ldLibraryPath", l.ldLibraryPath());
            writeMap(g, "directoryAliases", new TreeMap<>(l.directoryAliases()));
            g.writeEndObject();
            g.writeObjectFieldStart("layout");
            g.writeStringField("taskRoot", t.layout().taskRoot());
            if (t.layout().layerRoot() != null) {
                g.writeStringField("layerRoot", t.layout().layerRoot());
            }
            g.writeStringField("path", t.layout().path());
            g.writeEndObject();
            if (t.limits() != null) {
                g.writeObjectFieldStart("limits");
                g.writeNumberField("zippedBytes", t.limits().zippedBytes());
                g.writeNumberField("unzippedBytes", t.limits().unzippedBytes());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("libraries");
            for (TargetLibrary lib : t.libraries()) {
                g.writeStartObject();
                g.writeStringField("name", lib.name());
                g.writeStringField("directory", lib.directory());
                if (lib.soname() != null) {
                    g.writeStringField("soname", lib.soname());
                }
                if (lib.versions() != null) {
                    writeStrings(g, "versions", lib.versions());
                }
                if (lib.confidence() != null) {
                    g.writeStringField("confidence", lib.confidence());
                }
                if (lib.needed() != null) {
                    writeStrings(g, "needed", lib.needed());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out + System.lineSeparator();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
