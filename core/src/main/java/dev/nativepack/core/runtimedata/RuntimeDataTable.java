package dev.nativepack.core.runtimedata;

import dev.nativepack.core.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What well-known libraries load at run time, as data ({@code runtime-data.json}): for each, the
 * sonames it is known by and its plugin directories, data, configuration and registries, the
 * environment variables that move them and where a bundle puts them; and which paths are never
 * runtime data (documentation, locales, this machine's state). Validated when read.
 */
public final class RuntimeDataTable {
    static final String RESOURCE = "runtime-data.json";
    private static RuntimeDataTable builtIn;

    private final List<TableEntry> entries;
    private final List<String[]> notRuntimeData;
    private final Set<String> systemDirectories;

    RuntimeDataTable(List<TableEntry> entries, List<String> notRuntimeData, Set<String> systemDirectories) {
        this.entries = List.copyOf(entries);
        List<String[]> rules = new ArrayList<>();
        for (String p : notRuntimeData) {
            rules.add(p.substring(1).split("/"));
        }
        this.notRuntimeData = List.copyOf(rules);
        this.systemDirectories = Set.copyOf(systemDirectories);
    }

    /** The table that comes with nativepack. */
    public static synchronized RuntimeDataTable builtIn() {
        if (builtIn == null) {
            try (InputStream in = RuntimeDataTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
                }
                builtIn = read(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeDataTableException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return builtIn;
    }

    /** Reads a table; {@code source} names the file in error messages, which are one line each. */
    public static RuntimeDataTable read(InputStream in, String source) throws IOException, RuntimeDataTableException {
        try {
            return new TableReader(source).read(JsonTree.read(in, source));
        } catch (JsonTree.MalformedJsonException e) {
            throw new RuntimeDataTableException(e.getMessage(), e);
        }
    }

    /** The libraries the table knows, by the name people use ("GDAL", "PROJ", ...). */
    public List<String> libraries() {
        List<String> out = new ArrayList<>();
        for (TableEntry e : entries) {
            out.add(e.library());
        }
        return out;
    }

    /** The entries a soname or file name matches, each with the version the name matched. */
    List<Match> matching(String name) {
        List<Match> out = new ArrayList<>();
        for (TableEntry e : entries) {
            String version = e.match(name);
            if (version != null) {
                out.add(new Match(e, version));
            }
        }
        return out;
    }

    record Match(TableEntry entry, String version) {
    }

    /** Whether a path is known not to be runtime data: documentation, locales, this machine's state. */
    boolean isNotRuntimeData(String path) {
        String[] parts = path.substring(1).split("/");
        for (String[] rule : notRuntimeData) {
            if (startsWith(parts, rule)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a path is a system-wide directory (/usr/share, /etc), far too broad to be one library's. */
    boolean isSystemDirectory(String path) {
        return systemDirectories.contains(path);
    }

    private static boolean startsWith(String[] parts, String[] rule) {
        if (parts.length < rule.length) {
            return false;
        }
        for (int i = 0; i < rule.length; i++) {
            if (!rule[i].equals("*") && !rule[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /** Every environment variable the table knows a library to read. */
    public Set<String> environmentVariables() {
        Set<String> out = new HashSet<>();
        for (TableEntry e : entries) {
            for (TableEntry.NeedSpec n : e.needs()) {
                for (EnvironmentSetting s : n.environment()) {
                    out.add(s.name());
                }
            }
        }
        return out;
    }
}
