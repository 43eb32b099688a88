package dev.nativepack.core.invoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** A handler that routes by path and method, and always closes the exchange. */
abstract class RoutingHandler implements HttpHandler {
    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange, exchange.getRequestURI().getRawPath(), exchange.getRequestMethod());
        } catch (IOException e) {
            // The client hung up or sent a broken request; there is no one left to answer.
        } finally {
            exchange.close();
        }
    }

    abstract void route(HttpExchange exchange, String path, String method) throws IOException;
}
