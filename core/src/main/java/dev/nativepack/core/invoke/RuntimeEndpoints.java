package dev.nativepack.core.invoke;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.nativepack.core.invoke.RuntimeState.InvalidStateTransition;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.UUID;

/**
 * The runtime routes of the 2018-06-01 API: {@code /next}, {@code /response}, {@code /error} and
 * {@code /init/error}, with the RIE's status codes and error bodies (research/lambda.md §3.1-3.4).
 */
final class RuntimeEndpoints extends RoutingHandler {
    static final String BASE = "/2018-06-01/runtime/";
    private static final String NEXT = BASE + "invocation/next";
    private static final String INIT_ERROR = BASE + "init/error";
    private static final String INVOCATION = BASE + "invocation/";
    private static final String RESPONSE = "/response";
    private static final String ERROR = "/error";

    private static final String RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";
    private static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    /** Lambda's quota for one streamed response (research/lambda.md §3.4). */
    static final int STREAMED_RESPONSE_LIMIT = 200 << 20;

    private static final byte[] INVALID_REQUEST_ID = JsonText.error("InvalidRequestID", "Invalid request ID");

    private final RuntimeState state;
    private final String functionArn;

    RuntimeEndpoints(RuntimeState state, String functionArn) {
        this.state = state;
        this.functionArn = functionArn;
    }

    @Override
    void route(HttpExchange exchange, String path, String method) throws IOException {
        if (path.equals(NEXT)) {
            if (method.equals("GET")) {
                next(exchange);
            } else {
                ExchangeIo.methodNotAllowed(exchange, "GET");
            }
            return;
        }
        String requestId = null;
        boolean isResponse = path.endsWith(RESPONSE);
        String suffix = isResponse ? RESPONSE : path.endsWith(ERROR) ? ERROR : null;
        if (suffix != null && path.startsWith(INVOCATION) && path.length() > INVOCATION.length() + suffix.length()) {
            requestId = path.substring(INVOCATION.length(), path.length() - suffix.length());
        }
        if (requestId != null && requestId.indexOf('/') < 0) {
            if (!method.equals("POST")) {
                ExchangeIo.methodNotAllowed(exchange, "POST");
            } else if (isResponse) {
                response(exchange, requestId);
            } else {
                error(exchange, requestId);
            }
        } else if (path.equals(INIT_ERROR)) {
            if (method.equals("POST")) {
                initError(exchange);
            } else {
                ExchangeIo.methodNotAllowed(exchange, "POST");
            }
        } else {
            ExchangeIo.notFound(exchange);
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        PendingInvocation event;
        try {
            event = state.awaitEvent();
        } catch (InvalidStateTransition refused) {
            ExchangeIo.replyError(exchange, 403, "InvalidStateTransition", refused.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (event == null) {
            return; // closed: the server is stopping and drops the connection
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", event.contentType);
        headers.set("Lambda-Runtime-Aws-Request-Id", event.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineEpochMillis));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", event.traceId);
        if (event.clientContext != null) {
            headers.set("Lambda-Runtime-Client-Context", event.clientContext);
        }
        if (event.cognitoIdentity != null) {
            headers.set("Lambda-Runtime-Cognito-Identity", event.cognitoIdentity);
        }
        byte[] payload = event.request.payload();
        exchange.sendResponseHeaders(200, payload.length == 0 ? -1 : payload.length);
        if (payload.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload);
            }
        }
    }

    private void response(HttpExchange exchange, String requestId) throws IOException {
        PendingInvocation invocation = state.claimAnswer(requestId);
        if (invocation == null) {
            ExchangeIo.discardBody(exchange);
            ExchangeIo.replyJson(exchange, 400, INVALID_REQUEST_ID);
            return;
        }
        String mode = exchange.getRequestHeaders().getFirst(RESPONSE_MODE);
        boolean streamed = mode != null;
        if (streamed && !mode.equals("streaming")) {
            // As the RIE does: the invocation ends, and the runtime is told why.
            state.finish(invocation, invocation.platformError("Runtime.InvalidResponseModeHeader",
                    "Invalid " + RESPONSE_MODE + ": " + mode + " (only \"streaming\" is defined)"));
            ExchangeIo.replyError(exchange, 400, "InvalidFunctionResponseMode", "Invalid function response mode");
            return;
        }
        int limit = streamed ? STREAMED_RESPONSE_LIMIT : RuntimeApiServer.MAX_PAYLOAD;
        byte[] body;
        try {
            body = ExchangeIo.readAtMost(exchange, limit);
        } catch (IOException broken) {
            endBrokenBody(exchange, invocation, broken);
            return;
        }
        if (body == null) {
            tooLarge(exchange, invocation, limit);
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        InvokeResult result = new InvokeResult(invocation.requestId, InvokeResult.Outcome.RESPONSE, body,
                contentType == null ? ExchangeIo.APPLICATION_JSON : contentType, null, streamed);
        accept(exchange, invocation, result);
    }

    private void error(HttpExchange exchange, String requestId) throws IOException {
        PendingInvocation invocation = state.claimAnswer(requestId);
        if (invocation == null) {
            ExchangeIo.discardBody(exchange);
            ExchangeIo.replyJson(exchange, 400, INVALID_REQUEST_ID);
            return;
        }
        byte[] posted;
        try {
            posted = ExchangeIo.readAtMost(exchange, RuntimeApiServer.MAX_PAYLOAD);
        } catch (IOException broken) {
            endBrokenBody(exchange, invocation, broken);
            return;
        }
        if (posted == null) {
            tooLarge(exchange, invocation, RuntimeApiServer.MAX_PAYLOAD);
            return;
        }
        accept(exchange, invocation, postedError(invocation.requestId, exchange, posted));
    }

    private void initError(HttpExchange exchange) throws IOException {
        try {
            state.beginInitError();
        } catch (InvalidStateTransition refused) {
            ExchangeIo.replyError(exchange, 403, "InvalidStateTransition", refused.getMessage());
            return;
        }
        // There is no invocation yet; the error gets an id of its own, as the first invocation's result.
        String requestId = UUID.randomUUID().toString();
        byte[] posted;
        try {
            posted = ExchangeIo.readAtMost(exchange, RuntimeApiServer.MAX_PAYLOAD);
        } catch (IOException broken) {
            state.endInitError(InvokeResult.platformError(requestId, "Runtime.TruncatedResponse",
                    "The runtime's init error was cut off: " + broken.getMessage()));
            throw broken;
        }
        if (posted == null) {
            state.endInitError(InvokeResult.platformError(requestId, "Function.ResponseSizeTooLarge",
                    sizeExceeded(RuntimeApiServer.MAX_PAYLOAD)));
            ExchangeIo.replyError(exchange, 413, "RequestEntityTooLarge", entityTooLarge(RuntimeApiServer.MAX_PAYLOAD));
            return;
        }
        state.endInitError(postedError(requestId, exchange, posted));
        ExchangeIo.replyJson(exchange, 202, JsonText.STATUS_OK);
    }

    /**
     * An error as the caller sees it. Its type is the header's, normalised, as the RIE takes it: a
     * runtime that sends no header is {@code Runtime.Unknown} even if its body names a type, because
     * Lambda leaves the body to the runtime and reads the type only from the header.
     */
    private static InvokeResult postedError(String requestId, HttpExchange exchange, byte[] posted) {
        Headers headers = exchange.getRequestHeaders();
        String errorType = FunctionErrorType.normalise(headers.getFirst(ERROR_TYPE));
        byte[] body = FunctionErrorBody.of(posted, headers.getFirst("Content-Type"), errorType);
        return new InvokeResult(requestId, InvokeResult.Outcome.FUNCTION_ERROR, body, ExchangeIo.APPLICATION_JSON,
                errorType, false);
    }

    private void accept(HttpExchange exchange, PendingInvocation invocation, InvokeResult result) throws IOException {
        if (state.finish(invocation, result)) {
            ExchangeIo.replyJson(exchange, 202, JsonText.STATUS_OK);
        } else {
            // Aborted while its body was read (a timeout, say): the answer came too late.
            ExchangeIo.replyJson(exchange, 400, INVALID_REQUEST_ID);
        }
    }

    private void tooLarge(HttpExchange exchange, PendingInvocation invocation, int limit) throws IOException {
        state.finish(invocation, invocation.platformError("Function.ResponseSizeTooLarge", sizeExceeded(limit)));
        ExchangeIo.replyError(exchange, 413, "RequestEntityTooLarge", entityTooLarge(limit));
    }

    /**
     * A body that could not be read to its end. com.sun.net.httpserver cannot read HTTP trailers: its
     * ChunkedInputStream (JDK 17, as in 25) expects CRLF right after the last chunk and throws
     * "invalid chunk end" at a trailer line, and no public API reaches the raw stream. So a streamed
     * response that announced Lambda's error trailers ({@code Trailer: Lambda-Runtime-Function-Error-Type})
     * and then broke off is taken as a mid-stream error whose type and body are lost; any other
     * broken body is a truncated response, as the RIE calls it.
     */
    private void endBrokenBody(HttpExchange exchange, PendingInvocation invocation, IOException broken)
            throws IOException {
        String trailer = exchange.getRequestHeaders().getFirst("Trailer");
        if (trailer != null && trailer.toLowerCase(Locale.ROOT).contains(ERROR_TYPE.toLowerCase(Locale.ROOT))) {
            String errorType = FunctionErrorType.RUNTIME_UNKNOWN;
            state.finish(invocation, new InvokeResult(invocation.requestId, InvokeResult.Outcome.FUNCTION_ERROR,
                    JsonText.error(errorType, "The runtime reported an error in the trailers of its streamed "
                            + "response; this emulator cannot read HTTP trailers, so the error's type and body are "
                            + "unknown (" + broken.getMessage() + ")"),
                    ExchangeIo.APPLICATION_JSON, errorType, true));
            ExchangeIo.replyJson(exchange, 202, JsonText.STATUS_OK);
            return;
        }
        state.finish(invocation, invocation.platformError("Runtime.TruncatedResponse",
                "The runtime's response was cut off: " + broken.getMessage()));
        ExchangeIo.replyError(exchange, 400, "TruncatedHTTPRequest", "HTTP request detected as truncated");
    }

    /** What the caller of Lambda sees when a response is too large. */
    private static String sizeExceeded(int limit) {
        return "Response payload size exceeded maximum allowed payload size (" + limit + " bytes).";
    }

    /** What the runtime is told (the RIE's RenderRequestEntityTooLarge). */
    private static String entityTooLarge(int limit) {
        return "Exceeded maximum allowed payload size (" + limit + " bytes).";
    }
}
