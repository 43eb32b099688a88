package dev.nativepack.core.invoke;

import com.sun.net.httpserver.HttpExchange;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading request bodies within a limit, and writing the API's replies. */
final class ExchangeIo {
    static final String APPLICATION_JSON = "application/json";

    /**
     * How much of a refused body is read and dropped so that the runtime, which sends its whole
     * body before it reads the reply, still gets the reply; past it the connection is closed.
     */
    private static final long DISCARD_LIMIT = 16L << 20;

    private ExchangeIo() {
    }

    /**
     * Reads the whole request body if it has at most {@code limit} bytes. Never reads more than
     * {@code limit + 1}: a body declared larger is not read at all, a chunked one is cut there.
     *
     * @return the body, or null when it is larger than the limit
     * @throws IOException when the body ends early or its chunked framing is broken
     */
    static byte[] readAtMost(HttpExchange exchange, int limit) throws IOException {
        InputStream in = exchange.getRequestBody();
        long declared = declaredLength(exchange);
        if (declared > limit) {
            return null;
        }
        if (declared >= 0) {
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) {
                throw new EOFException("the body ended after " + body.length + " of " + declared + " bytes");
            }
            return body;
        }
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    /** The Content-Length of a body that is not chunked (0 when absent, as the server reads it); else -1. */
    private static long declaredLength(HttpExchange exchange) {
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            return -1;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Reads and drops what is left of a body that will not be used. By read, not skip: in JDK 17 the
     * server's body streams inherit FilterInputStream.skip, which skips on the raw connection, past
     * the body's framing, and blocks there.
     */
    static void discardBody(HttpExchange exchange) {
        try {
            InputStream in = exchange.getRequestBody();
            byte[] sink = new byte[8192];
            long left = DISCARD_LIMIT;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // The reply is still worth sending; the server closes a connection it cannot resync.
        }
    }

    static void replyJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", APPLICATION_JSON);
        send(exchange, status, body);
    }

    static void replyError(HttpExchange exchange, int status, String errorType, String errorMessage)
            throws IOException {
        discardBody(exchange);
        replyJson(exchange, status, JsonText.error(errorType, errorMessage));
    }

    /**
     * Sends a reply with a fixed length. The body stream is closed here, which flushes the reply
     * before the server looks at what is left of the request: a request it cannot finish reading
     * (chunked trailers, a broken body) makes it drop the connection, and the reply must be out by then.
     */
    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void notFound(HttpExchange exchange) throws IOException {
        replyError(exchange, 404, "NotFound", "No route for " + exchange.getRequestURI().getRawPath());
    }

    static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        replyError(exchange, 405, "MethodNotAllowed", exchange.getRequestMethod() + " is not allowed on "
                + exchange.getRequestURI().getRawPath() + "; use " + allowed);
    }
}
