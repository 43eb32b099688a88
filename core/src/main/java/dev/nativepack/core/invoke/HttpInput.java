package dev.nativepack.core.invoke;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the line-based parts of HTTP/1.1 messages: the request line, header and trailer fields. */
final class HttpInput {
    /** A request the server answers with an error status and then drops the connection. */
    static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null);
            this.status = status;
        }
    }

    /** The longest line taken: request targets of the API are short, and anything longer is an error. */
    static final int MAX_LINE = 8192;
    /** The most header (or trailer) fields in one block. */
    static final int MAX_FIELDS = 100;

    private final InputStream in;

    HttpInput(InputStream in) {
        this.in = in;
    }

    InputStream stream() {
        return in;
    }

    /**
     * Reads a line ending in CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept the latter),
     * without its end.
     *
     * @return the line, or null when the stream ends before its first byte
     * @throws EOFException when the stream ends inside the line
     * @throws BadRequest   when the line is longer than {@link #MAX_LINE}
     */
    String readLine() throws IOException {
        byte[] line = new byte[128];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new EOFException("the connection closed inside a line");
            }
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (length == MAX_LINE) {
                throw new BadRequest(431, "a request line or header field is longer than " + MAX_LINE + " bytes");
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[length++] = (byte) b;
        }
    }

    /** Reads fields up to the empty line that ends them (a header block, or the trailers of a chunked body). */
    HeaderFields readFields() throws IOException {
        HeaderFields fields = new HeaderFields();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("the connection closed inside the header fields");
            }
            if (line.isEmpty()) {
                return fields;
            }
            if (fields.size() == MAX_FIELDS) {
                throw new BadRequest(431, "more than " + MAX_FIELDS + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) {
                // Also refuses obsolete line folding: a continuation line starts with a space.
                throw new BadRequest(400, "malformed header field: " + printable(line));
            }
            fields.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
    }

    /** Whether {@code text[0, end)} is an HTTP token (RFC 9110 §5.6.2), as a field name must be. */
    static boolean isToken(String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return end > 0;
    }

    /** A line as an error message may quote it: cut short, control characters escaped. */
    static String printable(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length() && out.length() < 80; i++) {
            char c = line.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.length() < line.length() ? out + "..." : out.toString();
    }
}
