package dev.nativepack.core.invoke;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** An invocation from the moment it is queued until its result is known. */
final class PendingInvocation {
    enum Phase {
        /** Waiting for the runtime's {@code /next}. */
        QUEUED,
        /** Handed to the runtime, which owes a {@code /response} or an {@code /error}. */
        OPEN,
        /** A {@code /response} or {@code /error} for it is being read. */
        ANSWERING
    }

    final String requestId;
    final long deadlineEpochMillis;
    final InvokeRequest request;
    final String contentType;
    final String traceId;
    final String clientContext;
    final String cognitoIdentity;
    /** Where a streamed response goes as it arrives, or null to collect it into the result. */
    final ResponseStreamListener streamListener;
    final CompletableFuture<InvokeResult> result = new CompletableFuture<>();
    /** Guarded by {@link RuntimeState}'s lock. */
    Phase phase = Phase.QUEUED;

    PendingInvocation(String requestId, long deadlineEpochMillis, InvokeRequest request, String traceId,
                      ResponseStreamListener streamListener) {
        this.requestId = requestId;
        this.streamListener = streamListener;
        this.deadlineEpochMillis = deadlineEpochMillis;
        this.request = request;
        this.contentType = headerValue("content type",
                request.contentType() == null ? "application/json" : request.contentType());
        this.traceId = headerValue("trace id", traceId);
        this.clientContext = headerValue("client context", request.clientContext());
        this.cognitoIdentity = headerValue("Cognito identity", request.cognitoIdentity());
    }

    InvokeResult platformError(String errorType, String errorMessage) {
        return InvokeResult.platformError(requestId, errorType, errorMessage);
    }

    /**
     * A value as the API's server must be given it: it writes each char of a header as one byte, so
     * UTF-8 text (a client context may hold any JSON) is passed as its bytes, one char each, and goes
     * out as Lambda sends it. Line breaks would split the header and are refused
     * here, at invoke time, rather than when the runtime asks.
     */
    private static String headerValue(String what, String value) {
        if (value == null) {
            return null;
        }
        boolean ascii = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("the " + what + " contains a line break, which no HTTP header "
                        + "can carry: " + value);
            }
            ascii &= c < 0x80;
        }
        return ascii ? value : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
