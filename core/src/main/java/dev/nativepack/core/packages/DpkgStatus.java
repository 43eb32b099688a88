package dev.nativepack.core.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What dpkg's status file says about the installed packages: version, architecture, source and
 * the packages each depends on. Read without running dpkg, in one pass that only notes where each
 * package's stanza starts; a stanza is decoded when its package is asked for. Packages that are
 * not installed (removed, configuration files only) are not known.
 */
final class DpkgStatus {
    private static final byte[] PACKAGE = "Package: ".getBytes(StandardCharsets.US_ASCII);

    /**
     * One installed package. {@code source} is the source package it was built from (its own name
     * when the stanza has no Source:); depends lists every alternative of Depends and Pre-Depends by name.
     */
    record Installed(String name, String version, String architecture, String source, List<String> depends) {
    }

    private final byte[] bytes;
    /** Package name -> where its stanzas start (one per architecture it is known for). */
    private final Map<String, List<Integer>> stanzas = new HashMap<>();
    private final Map<String, Installed> decoded = new HashMap<>();

    private DpkgStatus(byte[] bytes) {
        this.bytes = bytes;
        for (int at = 0; at < bytes.length; at = nextStanza(at)) {
            if (startsWith(at, PACKAGE)) {
                int end = lineEnd(at);
                String name = new String(bytes, at + PACKAGE.length, end - at - PACKAGE.length, StandardCharsets.UTF_8)
                        .strip();
                List<Integer> starts = stanzas.get(name);
                if (starts == null) {
                    starts = new ArrayList<>();
                    stanzas.put(name, starts);
                }
                starts.add(at);
            }
        }
    }

    static DpkgStatus read(Path status) throws IOException {
        return new DpkgStatus(Files.isRegularFile(status) ? Files.readAllBytes(status) : new byte[0]);
    }

    /** An installed package by name or {@code name:arch}, or null. */
    synchronized Installed get(String pkg) {
        if (decoded.containsKey(pkg)) {
            return decoded.get(pkg);
        }
        int colon = pkg.indexOf(':');
        String name = colon < 0 ? pkg : pkg.substring(0, colon);
        Installed found = null;
        for (int at : stanzas.getOrDefault(name, List.of())) {
            Installed p = decode(at);
            if (p != null && (colon < 0 || p.architecture().equals(pkg.substring(colon + 1)))) {
                found = p;
                break;
            }
        }
        decoded.put(pkg, found);
        return found;
    }

    /** The stanza at {@code at}, or null when its package is not installed. */
    private Installed decode(int at) {
        Map<String, String> fields = new HashMap<>();
        String stanza = new String(bytes, at, nextStanza(at) - at, StandardCharsets.UTF_8);
        for (String line : stanza.split("\n")) {
            int colon = line.indexOf(':');
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        if (!fields.getOrDefault("Status", "").endsWith(" installed")) {
            return null;
        }
        String name = fields.get("Package");
        List<String> depends = new ArrayList<>();
        names(fields.get("Pre-Depends"), depends);
        names(fields.get("Depends"), depends);
        String source = fields.getOrDefault("Source", name);
        // "Source: gdal (3.6.2+dfsg-1)" names the source's version when it differs from the binary's.
        source = source.contains(" ") ? source.substring(0, source.indexOf(' ')) : source;
        return new Installed(name, fields.getOrDefault("Version", ""), fields.getOrDefault("Architecture", ""), source,
                List.copyOf(depends));
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

    /** Where the next stanza starts: after the next empty line, or the end. */
    private int nextStanza(int at) {
        for (int i = at; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
                int next = i + 2;
                while (next < bytes.length && bytes[next] == '\n') {
                    next++;
                }
                return next;
            }
        }
        return bytes.length;
    }

    private int lineEnd(int at) {
        int i = at;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    private boolean startsWith(int at, byte[] prefix) {
        return at + prefix.length <= bytes.length && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }
}
