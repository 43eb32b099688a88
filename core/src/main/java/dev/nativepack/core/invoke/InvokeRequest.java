package dev.nativepack.core.invoke;

import java.util.Objects;

/**
 * One event for the function, as a caller hands it to the emulator.
 *
 * @param payload         the event's bytes (at most 6 MiB, Lambda's synchronous limit)
 * @param contentType     its content type; {@code application/json} when null
 * @param clientContext   the mobile SDK client context as JSON (sent as Lambda-Runtime-Client-Context), or null
 * @param cognitoIdentity the Cognito identity as JSON (Lambda-Runtime-Cognito-Identity), or null
 * @param traceId         the X-Ray trace header (Lambda-Runtime-Trace-Id), or null to make one
 */
public record InvokeRequest(byte[] payload, String contentType, String clientContext, String cognitoIdentity,
                            String traceId) {
    public InvokeRequest {
        Objects.requireNonNull(payload, "payload");
    }

    public static InvokeRequest json(byte[] payload) {
        return new InvokeRequest(payload, "application/json", null, null, null);
    }
}
