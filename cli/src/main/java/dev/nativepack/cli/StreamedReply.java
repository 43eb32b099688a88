package dev.nativepack.cli;

import com.sun.net.httpserver.HttpExchange;
import dev.nativepack.core.invoke.ResponseStreamListener;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes a function's streamed response to the caller of {@code serve} as chunks while the runtime
 * sends them. Once the invocation has ended, {@link #finish} takes the exchange back; the lock keeps
 * a chunk the runtime sent at the moment of a timeout from being written while the exchange ends.
 */
final class StreamedReply implements ResponseStreamListener {
    private final HttpExchange exchange;
    private OutputStream body;
    private boolean finished;

    StreamedReply(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public synchronized void begin(String requestId, String contentType) throws IOException {
        if (finished) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().set("X-Amzn-RequestId", requestId);
        exchange.sendResponseHeaders(200, 0);
        body = exchange.getResponseBody();
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (!finished && body != null) {
            body.write(bytes, offset, length);
            body.flush();
        }
    }

    /**
     * Ends the calls from the API.
     *
     * @return whether the reply has begun, so that the caller must not send headers again
     */
    synchronized boolean finish() {
        finished = true;
        return body != null;
    }
}
