package dev.nativepack.core.packages;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What dpkg's status file says about the installed packages: version, architecture and the
 * packages each depends on. Read without running dpkg; stanzas of packages that are not installed
 * (removed, configuration files only) are left out.
 */
final class DpkgStatus {
    /**
     * One installed package. {@code source} is the source package it was built from (its own name
     * when the stanza has no Source:); depends lists every alternative of Depends and Pre-Depends by name.
     */
    record Installed(String name, String version, String architecture, String source, List<String> depends) {
    }

    private final Map<String, Installed> byName;

    private DpkgStatus(Map<String, Installed> byName) {
        this.byName = byName;
    }

    static DpkgStatus read(Path status) throws IOException {
        Map<String, Installed> out = new HashMap<>();
        if (!Files.isRegularFile(status)) {
            return new DpkgStatus(out);
        }
        try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
            Map<String, String> fields = new HashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    add(fields, out);
                    fields.clear();
                } else if (!Character.isWhitespace(line.charAt(0))) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                    }
                }
            }
            add(fields, out);
        }
        return new DpkgStatus(out);
    }

    private static void add(Map<String, String> fields, Map<String, Installed> out) {
        String name = fields.get("Package");
        String state = fields.getOrDefault("Status", "");
        if (name == null || !state.endsWith(" installed")) {
            return;
        }
        List<String> depends = new ArrayList<>();
        names(fields.get("Pre-Depends"), depends);
        names(fields.get("Depends"), depends);
        String source = fields.getOrDefault("Source", name);
        // "Source: gdal (3.6.2+dfsg-1)" names the source's version when it differs from the binary's.
        source = source.contains(" ") ? source.substring(0, source.indexOf(' ')) : source;
        Installed p = new Installed(name, fields.getOrDefault("Version", ""), fields.getOrDefault("Architecture", ""),
                source, List.copyOf(depends));
        // Multi-arch: the same name may be installed for two architectures; the first is kept by
        // name, each under name:arch.
        out.putIfAbsent(name, p);
        out.put(name + ":" + p.architecture(), p);
    }

    /** {@code libc6 (>= 2.34), gdal-data | foo:any} -> libc6, gdal-data, foo. */
    private static void names(String relation, List<String> out) {
        if (relation == null) {
            return;
        }
        for (String alternative : relation.split("[,|]")) {
            String name = alternative.strip();
            int end = 0;
            while (end < name.length() && " (:[".indexOf(name.charAt(end)) < 0) {
                end++;
            }
            if (end > 0 && !out.contains(name.substring(0, end))) {
                out.add(name.substring(0, end));
            }
        }
    }

    /** An installed package by name or {@code name:arch}, or null. */
    Installed get(String pkg) {
        return byName.get(pkg);
    }
}
