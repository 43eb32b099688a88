package dev.nativepack.core.invoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One request of the Runtime API and its single reply. */
final class ApiExchange {
    /** How much of a body the handler left unread is read and dropped so that the connection can be reused. */
    static final long DISCARD_LIMIT = 16L << 20;

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final String method;
    private final String rawPath;
    private final HeaderFields requestHeaders;
    private final RequestBody body;
    private final OutputStream out;
    private final HeaderFields responseHeaders = new HeaderFields();
    private boolean closeAfterReply;
    private boolean replied;

    ApiExchange(String method, String rawPath, HeaderFields requestHeaders, RequestBody body, OutputStream out,
                boolean closeAfterReply) {
        this.method = method;
        this.rawPath = rawPath;
        this.requestHeaders = requestHeaders;
        this.body = body;
        this.out = out;
        this.closeAfterReply = closeAfterReply;
    }

    String method() {
        return method;
    }

    /** The request target's path, undecoded, without its query. */
    String rawPath() {
        return rawPath;
    }

    HeaderFields requestHeaders() {
        return requestHeaders;
    }

    RequestBody requestBody() {
        return body;
    }

    /** Fields of the reply; written in the order and case set. */
    HeaderFields responseHeaders() {
        return responseHeaders;
    }

    boolean replied() {
        return replied;
    }

    /** Whether the connection ends after this exchange (asked by the client, or its body left unread). */
    boolean closesConnection() {
        return closeAfterReply;
    }

    /**
     * Sends the reply, with a Content-Length, in one write. What is left of the request body is read
     * and dropped first (up to {@link #DISCARD_LIMIT}), since the runtime sends its whole body before
     * it reads the reply; a body that cannot be finished, or that was never asked for after an
     * {@code Expect: 100-continue}, ends the connection after the reply instead.
     */
    void reply(int status, byte[] content) throws IOException {
        if (replied) {
            throw new IllegalStateException("a reply was already sent for " + method + " " + rawPath);
        }
        replied = true;
        if (!body.ended()) {
            closeAfterReply |= !body.started() || !drain();
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        line(head, "HTTP/1.1 " + status + " " + reason(status));
        line(head, "Date: " + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        for (int i = 0; i < responseHeaders.size(); i++) {
            line(head, responseHeaders.name(i) + ": " + responseHeaders.value(i));
        }
        line(head, "Content-Length: " + content.length);
        if (closeAfterReply) {
            line(head, "Connection: close");
        }
        line(head, "");
        if (content.length <= 64 * 1024) {
            head.write(content);
            out.write(head.toByteArray());
        } else {
            out.write(head.toByteArray());
            out.write(content);
        }
        out.flush();
    }

    private boolean drain() {
        byte[] sink = new byte[8192];
        long left = DISCARD_LIMIT;
        try {
            int n;
            while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
            return body.ended();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Header values are written one byte per char: a value that came in as UTF-8 bytes read as
     * ISO-8859-1 goes back out unchanged.
     */
    private static void line(ByteArrayOutputStream head, String text) {
        head.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        head.write('\r');
        head.write('\n');
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
