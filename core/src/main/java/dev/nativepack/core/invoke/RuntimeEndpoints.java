package dev.nativepack.core.invoke;

import dev.nativepack.core.invoke.RuntimeState.InvalidStateTransition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    /** The trailer with a mid-stream error's body, base64-encoded JSON (research/lambda.md §3.4). */
    private static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
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
    void route(ApiExchange exchange, String path, String method) throws IOException {
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

    private void next(ApiExchange exchange) throws IOException {
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
        HeaderFields headers = exchange.responseHeaders();
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
        exchange.reply(200, event.request.payload());
    }

    private void response(ApiExchange exchange, String requestId) throws IOException {
        PendingInvocation invocation = state.claimAnswer(requestId);
        if (invocation == null) {
            ExchangeIo.replyJson(exchange, 400, INVALID_REQUEST_ID);
            return;
        }
        String mode = exchange.requestHeaders().first(RESPONSE_MODE);
        boolean streamed = mode != null;
        if (streamed && !mode.equals("streaming")) {
            // As the RIE does: the invocation ends, and the runtime is told why.
            state.finish(invocation, invocation.platformError("Runtime.InvalidResponseModeHeader",
                    "Invalid " + RESPONSE_MODE + ": " + mode + " (only \"streaming\" is defined)"));
            ExchangeIo.replyError(exchange, 400, "InvalidFunctionResponseMode", "Invalid function response mode");
            return;
        }
        if (streamed) {
            stream(exchange, invocation);
            return;
        }
        byte[] body;
        try {
            body = ExchangeIo.readAtMost(exchange, RuntimeApiServer.MAX_PAYLOAD);
        } catch (IOException broken) {
            truncated(exchange, invocation, broken);
            return;
        }
        if (body == null) {
            tooLarge(exchange, invocation, RuntimeApiServer.MAX_PAYLOAD);
            return;
        }
        accept(exchange, invocation, new InvokeResult(invocation.requestId, InvokeResult.Outcome.RESPONSE, body,
                contentType(exchange), null, false));
    }

    /**
     * A streamed response: read chunk by chunk, passed to the invocation's listener as it comes (or
     * collected), and ended by the trailers, which carry an error the runtime met after it began.
     */
    private void stream(ApiExchange exchange, PendingInvocation invocation) throws IOException {
        String contentType = contentType(exchange);
        StreamForwarder forwarder = new StreamForwarder(invocation);
        forwarder.begin(contentType);
        RequestBody in = exchange.requestBody();
        byte[] buffer = new byte[64 * 1024];
        StreamBandwidth bandwidth = new StreamBandwidth();
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                total += n;
                if (total > STREAMED_RESPONSE_LIMIT) {
                    tooLarge(exchange, invocation, STREAMED_RESPONSE_LIMIT);
                    return;
                }
                forwarder.write(buffer, n);
                if (!bandwidth.await(total, invocation)) {
                    throw new java.io.InterruptedIOException("interrupted while the stream was held to Lambda's rate");
                }
            }
        } catch (IOException broken) {
            truncated(exchange, invocation, broken);
            return;
        }
        HeaderFields trailers = in.trailers();
        String declaredType = trailers.first(ERROR_TYPE);
        InvokeResult result;
        if (declaredType != null) {
            String errorType = FunctionErrorType.normalise(declaredType);
            result = new InvokeResult(invocation.requestId, InvokeResult.Outcome.FUNCTION_ERROR,
                    FunctionErrorBody.of(errorBody(trailers.first(ERROR_BODY)), ExchangeIo.APPLICATION_JSON, errorType),
                    ExchangeIo.APPLICATION_JSON, errorType, true);
        } else {
            result = new InvokeResult(invocation.requestId, InvokeResult.Outcome.RESPONSE, forwarder.collected(),
                    contentType, null, true);
        }
        accept(exchange, invocation, result);
    }

    /** The error body trailer decoded; a value that is not base64 is kept as text, which the caller then sees wrapped. */
    private static byte[] errorBody(String trailer) {
        if (trailer == null || trailer.isBlank()) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(trailer.strip());
        } catch (IllegalArgumentException notBase64) {
            return trailer.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static String contentType(ApiExchange exchange) {
        String contentType = exchange.requestHeaders().first("Content-Type");
        return contentType == null ? ExchangeIo.APPLICATION_JSON : contentType;
    }

    private void error(ApiExchange exchange, String requestId) throws IOException {
        PendingInvocation invocation = state.claimAnswer(requestId);
        if (invocation == null) {
            ExchangeIo.replyJson(exchange, 400, INVALID_REQUEST_ID);
            return;
        }
        byte[] posted;
        try {
            posted = ExchangeIo.readAtMost(exchange, RuntimeApiServer.MAX_PAYLOAD);
        } catch (IOException broken) {
            truncated(exchange, invocation, broken);
            return;
        }
        if (posted == null) {
            tooLarge(exchange, invocation, RuntimeApiServer.MAX_PAYLOAD);
            return;
        }
        accept(exchange, invocation, postedError(invocation.requestId, exchange, posted));
    }

    private void initError(ApiExchange exchange) throws IOException {
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
    private static InvokeResult postedError(String requestId, ApiExchange exchange, byte[] posted) {
        HeaderFields headers = exchange.requestHeaders();
        String errorType = FunctionErrorType.normalise(headers.first(ERROR_TYPE));
        byte[] body = FunctionErrorBody.of(posted, headers.first("Content-Type"), errorType);
        return new InvokeResult(requestId, InvokeResult.Outcome.FUNCTION_ERROR, body, ExchangeIo.APPLICATION_JSON,
                errorType, false);
    }

    private void accept(ApiExchange exchange, PendingInvocation invocation, InvokeResult result) throws IOException {
        if (state.finish(invocation, result)) {
            ExchangeIo.replyJson(exchange, 202, JsonText.STATUS_OK);
        } else {
            // Aborted while its body was read (a timeout, say): the answer came too late.
            ExchangeIo.replyJson(exchange, 400, INVALID_REQUEST_ID);
        }
    }

    private void tooLarge(ApiExchange exchange, PendingInvocation invocation, int limit) throws IOException {
        state.finish(invocation, invocation.platformError("Function.ResponseSizeTooLarge", sizeExceeded(limit)));
        ExchangeIo.replyError(exchange, 413, "RequestEntityTooLarge", entityTooLarge(limit));
    }

    /** A body that could not be read to its end: a truncated response, as the RIE calls it. */
    private void truncated(ApiExchange exchange, PendingInvocation invocation, IOException broken) throws IOException {
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
