package dev.nativepack.core.invoke;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the caller sees of an error body a runtime posted to {@code /error} or {@code /init/error}.
 * Lambda passes any JSON through as it is, so the body keeps the runtime's own {@code errorType}
 * (e.g. {@code ZeroDivisionError}); the normalised type travels beside it. Only the error-cause
 * content type is edited: its {@code errorCause} is for X-Ray, not for the caller (research/lambda.md
 * §3.3). A body that is not JSON is wrapped, so that an error result is always Lambda's error shape.
 */
final class FunctionErrorBody {
    static final String ERROR_CAUSE_CONTENT_TYPE = "application/vnd.aws.lambda.error.cause+json";

    // Data binding is fine here: errors are off the hot path, and a parser is the only sure test of
    // "is this JSON".
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FunctionErrorBody() {
    }

    /**
     * @param posted      the body as the runtime sent it
     * @param contentType the request's Content-Type, or null
     * @param errorType   the normalised error type, used when the body has to be wrapped
     */
    static byte[] of(byte[] posted, String contentType, String errorType) {
        JsonNode tree = parse(posted);
        if (tree == null) {
            return JsonText.error(errorType, new String(posted, StandardCharsets.UTF_8));
        }
        if (isErrorCause(contentType) && tree instanceof ObjectNode error && error.has("errorCause")) {
            error.remove("errorCause");
            try {
                return JSON.writeValueAsBytes(error);
            } catch (IOException e) {
                throw new IllegalStateException("a parsed JSON tree could not be written back", e);
            }
        }
        return posted;
    }

    private static JsonNode parse(byte[] posted) {
        try {
            JsonNode tree = JSON.readTree(posted);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isErrorCause(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals(ERROR_CAUSE_CONTENT_TYPE);
    }
}
