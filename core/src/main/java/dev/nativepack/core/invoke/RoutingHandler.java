package dev.nativepack.core.invoke;

import java.io.IOException;

/** A handler that routes by path and method. */
abstract class RoutingHandler implements ApiHttpServer.Handler {
    @Override
    public final void handle(ApiExchange exchange) throws IOException {
        route(exchange, exchange.rawPath(), exchange.method());
    }

    abstract void route(ApiExchange exchange, String path, String method) throws IOException;
}
