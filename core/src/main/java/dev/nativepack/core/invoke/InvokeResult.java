package dev.nativepack.core.invoke;

/**
 * How one invocation ended, as the caller of Lambda's Invoke API would see it.
 *
 * @param requestId   the invocation's id
 * @param outcome     a response, an error the runtime reported, or one the platform made
 * @param body        the response body, or the error JSON ({@code {"errorMessage":..,"errorType":..}})
 * @param contentType the response's content type
 * @param errorType   the normalised error type ({@code Runtime.ExitError}, {@code Function.Unknown}, ...), or null
 * @param streamed    the runtime answered in streaming mode
 */
public record InvokeResult(String requestId, Outcome outcome, byte[] body, String contentType, String errorType,
                           boolean streamed) {
    public enum Outcome {
        /** The runtime posted a response. */
        RESPONSE,
        /** The runtime posted an error (Lambda answers 200 with X-Amz-Function-Error: Unhandled). */
        FUNCTION_ERROR,
        /** The platform ended it: a timeout, the runtime exiting, a response too large. */
        PLATFORM_ERROR
    }

    /** An invocation the platform ended: its body is Lambda's error shape with {@code errorType}. */
    public static InvokeResult platformError(String requestId, String errorType, String errorMessage) {
        return new InvokeResult(requestId, Outcome.PLATFORM_ERROR, JsonText.error(errorType, errorMessage),
                "application/json", errorType, false);
    }

    public boolean failed() {
        return outcome != Outcome.RESPONSE;
    }
}
