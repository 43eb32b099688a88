package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A finding's file in SARIF's terms. Code scanning matches {@code artifactLocation.uri} against
 * the files of the repository, so the URI names the file as committed: a relative path without
 * "./", percent-encoded, resolved against {@code %SRCROOT%}. A file inside an archive
 * ({@code app.zip!/lib/libfoo.so.1}) is located at the archive, the only thing in the repository,
 * and the path inside it goes to a logical location and to the message.
 *
 * @param uri       the artifact URI: relative, or {@code file://} for an absolute path
 * @param relative  whether {@code uri} is relative to the source root
 * @param innerPath the path inside the archive, or null
 * @param identity  the normalised file, inner path included, on which fingerprints are computed
 */
record SarifLocation(String uri, boolean relative, String innerPath, String identity) {
    private static final String SOURCE_ROOT = "%SRCROOT%";
    private static final String ARCHIVE_SEPARATOR = "!/";
    /** RFC 3986 unreserved and sub-delims, '@' and '/'; ':' is encoded so that no segment reads as a scheme. */
    private static final String LITERAL = "-._~!$&'()*+,;=@/";

    static SarifLocation of(String file) {
        int separator = file.indexOf(ARCHIVE_SEPARATOR);
        String outer = separator < 0 ? file : file.substring(0, separator);
        String inner = separator < 0 ? "" : normalise(file.substring(separator + ARCHIVE_SEPARATOR.length()));
        boolean absolute = outer.startsWith("/");
        String path = absolute ? "/" + normalise(outer) : normalise(outer);
        if (path.isEmpty()) {
            // "./" alone: an empty URI is rejected by code scanning, "." names the same directory.
            path = ".";
        }
        String uri = absolute ? "file://" + encode(path) : encode(path);
        String innerPath = inner.isEmpty() ? null : inner;
        String identity = innerPath == null ? path : path + ARCHIVE_SEPARATOR + innerPath;
        return new SarifLocation(uri, !absolute, innerPath, identity);
    }

    /**
     * The result's location object: the artifact, and for a file inside an archive the path in it
     * as a logical location. Only a relative URI names its base: an absolute one stands alone.
     */
    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", uri);
        if (relative) {
            g.writeStringField("uriBaseId", SOURCE_ROOT);
        }
        g.writeEndObject();
        g.writeEndObject();
        if (innerPath != null) {
            g.writeArrayFieldStart("logicalLocations");
            g.writeStartObject();
            g.writeStringField("name", innerPath);
            g.writeStringField("fullyQualifiedName", identity);
            g.writeStringField("kind", "module");
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Drops empty and "." segments ("./lib//x" is "lib/x"); ".." stays, it means something. */
    private static String normalise(String path) {
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return String.join("/", kept);
    }

    private static String encode(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && LITERAL.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
