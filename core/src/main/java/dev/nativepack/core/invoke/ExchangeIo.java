package dev.nativepack.core.invoke;

import java.io.IOException;

/** Reading request bodies within a limit, and writing the API's replies. */
final class ExchangeIo {
    static final String APPLICATION_JSON = "application/json";

    private ExchangeIo() {
    }

    /**
     * Reads the whole request body if it has at most {@code limit} bytes. Never reads more than
     * {@code limit + 1}: a body declared larger is not read at all, a chunked one is cut there.
     *
     * @return the body, or null when it is larger than the limit
     * @throws IOException when the body ends early or its chunked framing is broken
     */
    static byte[] readAtMost(ApiExchange exchange, int limit) throws IOException {
        RequestBody in = exchange.requestBody();
        long declared = in.declaredLength();
        if (declared > limit) {
            return null;
        }
        if (declared >= 0) {
            return in.readNBytes((int) declared);
        }
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    static void replyJson(ApiExchange exchange, int status, byte[] body) throws IOException {
        exchange.responseHeaders().set("Content-Type", APPLICATION_JSON);
        exchange.reply(status, body);
    }

    /** An error reply; what is left of the request body is read and dropped first (see {@link ApiExchange#reply}). */
    static void replyError(ApiExchange exchange, int status, String errorType, String errorMessage)
            throws IOException {
        replyJson(exchange, status, JsonText.error(errorType, errorMessage));
    }

    static void notFound(ApiExchange exchange) throws IOException {
        replyError(exchange, 404, "NotFound", "No route for " + exchange.rawPath());
    }

    static void methodNotAllowed(ApiExchange exchange, String allowed) throws IOException {
        exchange.responseHeaders().set("Allow", allowed);
        replyError(exchange, 405, "MethodNotAllowed", exchange.method() + " is not allowed on "
                + exchange.rawPath() + "; use " + allowed);
    }
}
