package dev.nativepack.core.invoke;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of the Extensions, Logs and Telemetry APIs that a runtime or an extension that calls
 * them does not crash (research/lambda.md §3.5). Logs and Telemetry answer 202 "not supported", as
 * the RIE does with telemetry off. Extensions can register and then poll {@code /event/next}, which
 * delivers no events: it waits until the API closes, as an extension of an environment that is
 * never shut down gracefully would. Lambda's extension lifecycle (an invocation ending only when
 * every extension polls again) is not emulated, so an extension cannot slow an invocation down.
 */
final class ExtensionApiStubs extends RoutingHandler {
    static final String[] CONTEXTS = {"/2020-01-01/", "/2020-08-15/", "/2022-07-01/"};
    private static final String REGISTER = "/2020-01-01/extension/register";
    private static final String EVENT_NEXT = "/2020-01-01/extension/event/next";
    private static final String LOGS = "/2020-08-15/logs";
    private static final String TELEMETRY = "/2022-07-01/telemetry";
    private static final String IDENTIFIER = "Lambda-Extension-Identifier";

    private final RuntimeState state;
    private final byte[] registration;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    ExtensionApiStubs(RuntimeState state, String functionName) {
        this.state = state;
        // The handler is not known here; extension clients require the field, so it is empty.
        this.registration = JsonText.ascii("{\"functionName\":" + JsonText.quote(functionName)
                + ",\"functionVersion\":\"$LATEST\",\"handler\":\"\"}");
    }

    @Override
    void route(ApiExchange exchange, String path, String method) throws IOException {
        switch (path) {
            case LOGS -> notSupported(exchange, method, "Logs.NotSupported", "Logs API is not supported");
            case TELEMETRY -> notSupported(exchange, method, "Telemetry.NotSupported",
                    "Telemetry API is not supported");
            case REGISTER -> {
                if (method.equals("POST")) {
                    register(exchange);
                } else {
                    ExchangeIo.methodNotAllowed(exchange, "POST");
                }
            }
            case EVENT_NEXT -> {
                if (method.equals("GET")) {
                    eventNext(exchange);
                } else {
                    ExchangeIo.methodNotAllowed(exchange, "GET");
                }
            }
            default -> ExchangeIo.notFound(exchange);
        }
    }

    private static void notSupported(ApiExchange exchange, String method, String errorType, String message)
            throws IOException {
        if (method.equals("PUT")) {
            ExchangeIo.replyError(exchange, 202, errorType, message);
        } else {
            ExchangeIo.methodNotAllowed(exchange, "PUT");
        }
    }

    private void register(ApiExchange exchange) throws IOException {
        String name = exchange.requestHeaders().first("Lambda-Extension-Name");
        if (name == null || name.isBlank()) {
            ExchangeIo.replyError(exchange, 403, "Extension.InvalidExtensionName", "Empty extension name");
            return;
        }
        String id = UUID.randomUUID().toString();
        registered.add(id);
        exchange.responseHeaders().set(IDENTIFIER, id);
        ExchangeIo.replyJson(exchange, 200, registration);
    }

    private void eventNext(ApiExchange exchange) throws IOException {
        String id = exchange.requestHeaders().first(IDENTIFIER);
        if (id == null || id.isEmpty()) {
            ExchangeIo.replyError(exchange, 403, "Extension.MissingExtensionIdentifier",
                    "Missing Lambda-Extension-Identifier header");
            return;
        }
        if (!registered.contains(id)) {
            ExchangeIo.replyError(exchange, 403, "Extension.InvalidExtensionIdentifier",
                    "Invalid Lambda-Extension-Identifier");
            return;
        }
        try {
            state.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
