package dev.nativepack.core.runtimedata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns the JSON of a runtime-data table into entries, refusing what makes no sense with the field named. */
final class TableReader {
    static final int SCHEMA = 1;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private final String source;

    TableReader(String source) {
        this.source = source;
    }

    RuntimeDataTable read(Object document) throws RuntimeDataTableException {
        Map<?, ?> top = object(document, "the document");
        if (!Long.valueOf(SCHEMA).equals(top.get("schema"))) {
            throw problem("schema", "must be " + SCHEMA);
        }
        List<String> ignored = new ArrayList<>();
        for (Map<?, ?> rule : objects(top, "notRuntimeData", "notRuntimeData")) {
            ignored.add(absolute(rule, "path", "notRuntimeData[].path"));
        }
        List<TableEntry> entries = new ArrayList<>();
        List<Map<?, ?>> libraries = objects(top, "libraries", "libraries");
        for (int i = 0; i < libraries.size(); i++) {
            entries.add(entry(libraries.get(i), "libraries[" + i + "]"));
        }
        return new RuntimeDataTable(entries, ignored, new LinkedHashSet<>(strings(top, "systemDirectories",
                "systemDirectories", true)));
    }

    private TableEntry entry(Map<?, ?> m, String where) throws RuntimeDataTableException {
        List<NamePattern> names = new ArrayList<>();
        for (String n : strings(m, "names", where + ".names", true)) {
            names.add(new NamePattern(n));
        }
        List<TableEntry.NeedSpec> needs = new ArrayList<>();
        List<Map<?, ?>> list = objects(m, "needs", where + ".needs");
        for (int i = 0; i < list.size(); i++) {
            needs.add(need(list.get(i), where + ".needs[" + i + "]"));
        }
        for (int i = 0; i < needs.size(); i++) {
            String namedIn = needs.get(i).namedIn();
            if (namedIn != null && needs.stream().noneMatch(n -> n.rewrite() != null && n.destination().equals(namedIn))) {
                throw problem(where + ".needs[" + i + "].namedIn", "must be the destination of a need of the same "
                        + "library with a rewrite: " + namedIn);
            }
        }
        return new TableEntry(string(m, "library", where + ".library"), names,
                string(m, "provenance", where + ".provenance"), needs);
    }

    private TableEntry.NeedSpec need(Map<?, ?> m, String where) throws RuntimeDataTableException {
        NeedKind kind = NeedKind.byId(string(m, "kind", where + ".kind"));
        if (kind == null) {
            throw problem(where + ".kind", "must be plugin-directory, data-directory, data-file, configuration or "
                    + "registry-file");
        }
        List<PathPattern> paths = new ArrayList<>();
        for (String p : strings(m, "paths", where + ".paths", true)) {
            if (!p.startsWith("/") && !p.startsWith(PathPattern.LIBDIR + "/")) {
                throw problem(where + ".paths", "must hold absolute paths or paths under $LIBDIR: " + p);
            }
            paths.add(new PathPattern(p));
        }
        List<EnvironmentSetting> env = new ArrayList<>();
        for (Map<?, ?> e : objects(m, "env", where + ".env")) {
            String name = string(e, "name", where + ".env[].name");
            if (!ENV_NAME.matcher(name).matches()) {
                throw problem(where + ".env[].name", "is not an environment variable name: " + name);
            }
            env.add(new EnvironmentSetting(name, string(e, "value", where + ".env[].value"),
                    Boolean.TRUE.equals(e.get("list"))));
        }
        List<TableEntry.OptionalSpec> optional = new ArrayList<>();
        if (m.get("optional") != null) {
            for (Map<?, ?> o : objects(m, "optional", where + ".optional")) {
                Object leftOut = o.get("leftOut");
                if (leftOut != null && !(leftOut instanceof Boolean)) {
                    throw problem(where + ".optional[].leftOut", "must be true or false");
                }
                Object directories = o.get("directories");
                if (directories != null && !(directories instanceof Boolean)) {
                    throw problem(where + ".optional[].directories", "must be true or false");
                }
                optional.add(new TableEntry.OptionalSpec(string(o, "part", where + ".optional[].part"),
                        strings(o, "globs", where + ".optional[].globs", true), Boolean.TRUE.equals(leftOut),
                        o.get("kept") == null ? List.of() : strings(o, "kept", where + ".optional[].kept", false),
                        Boolean.TRUE.equals(directories)));
            }
        }
        List<String> required = m.get("required") == null ? List.of() : strings(m, "required", where + ".required", true);
        for (String r : required) {
            inside(r, where + ".required");
        }
        String namedIn = m.get("namedIn") == null ? null : inside(string(m, "namedIn", where + ".namedIn"),
                where + ".namedIn");
        return new TableEntry.NeedSpec(kind, string(m, "what", where + ".what"), paths,
                inside(string(m, "destination", where + ".destination"), where + ".destination"), env, required,
                optional, namedIn, m.get("rewrite") == null ? null : rewrite(m.get("rewrite"), where + ".rewrite"),
                m.get("note") == null ? null : string(m, "note", where + ".note"));
    }

    private ConfigurationRewrite rewrite(Object value, String where) throws RuntimeDataTableException {
        Map<?, ?> m = object(value, where);
        String format = string(m, "format", where + ".format");
        if (!ConfigurationRewrite.FONTCONFIG.equals(format)) {
            throw problem(where + ".format", "must be " + ConfigurationRewrite.FONTCONFIG);
        }
        return new ConfigurationRewrite(format, absolute(m, "cache", where + ".cache"));
    }

    /** A path relative to the bundle (or to a need), that stays inside it. */
    private String inside(String path, String where) throws RuntimeDataTableException {
        if (path.isEmpty() || path.startsWith("/") || Path.of(path).normalize().startsWith("..")) {
            throw problem(where, "must be a relative path that stays inside the bundle: " + path);
        }
        return path;
    }

    private String absolute(Map<?, ?> m, String field, String where) throws RuntimeDataTableException {
        String s = string(m, field, where);
        if (!s.startsWith("/") || s.length() < 2) {
            throw problem(where, "must be an absolute path below /: " + s);
        }
        return s;
    }

    private Map<?, ?> object(Object v, String where) throws RuntimeDataTableException {
        if (!(v instanceof Map)) {
            throw new RuntimeDataTableException(source + ": " + where + " must be a JSON object");
        }
        return (Map<?, ?>) v;
    }

    private String string(Map<?, ?> m, String field, String where) throws RuntimeDataTableException {
        Object v = m.get(field);
        if (!(v instanceof String) || ((String) v).isBlank()) {
            throw problem(where, v == null ? "is missing" : "must be a non-empty string");
        }
        return (String) v;
    }

    private List<String> strings(Map<?, ?> m, String field, String where, boolean nonEmpty)
            throws RuntimeDataTableException {
        Object v = m.get(field);
        List<String> out = new ArrayList<>();
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (!(o instanceof String)) {
                    throw problem(where, "must be a list of strings");
                }
                out.add((String) o);
            }
        } else {
            throw problem(where, v == null ? "is missing" : "must be a list of strings");
        }
        if (nonEmpty && out.isEmpty()) {
            throw problem(where, "must not be empty");
        }
        return out;
    }

    private List<Map<?, ?>> objects(Map<?, ?> m, String field, String where) throws RuntimeDataTableException {
        Object v = m.get(field);
        if (!(v instanceof List)) {
            throw problem(where, v == null ? "is missing" : "must be a list of objects");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(object(o, "an element of \"" + where + "\""));
        }
        return out;
    }

    private RuntimeDataTableException problem(String where, String what) {
        return new RuntimeDataTableException(source + ": field \"" + where + "\" " + what);
    }
}
