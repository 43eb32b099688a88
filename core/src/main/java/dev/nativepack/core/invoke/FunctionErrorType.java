package dev.nativepack.core.invoke;

import java.util.regex.Pattern;

/**
 * The error type Lambda records for an error a runtime reports: the runtime's
 * {@code Lambda-Runtime-Function-Error-Type} if it has Lambda's {@code Category.Reason} form, else
 * {@code Function.Unknown} or {@code Runtime.Unknown}, as the RIE's {@code fatalerror.go} decides
 * (research/lambda.md §3.3).
 */
final class FunctionErrorType {
    static final String RUNTIME_UNKNOWN = "Runtime.Unknown";
    static final String FUNCTION_UNKNOWN = "Function.Unknown";

    // The RIE tests this with Go's regexp.MatchString, which finds the pattern anywhere in the value
    // (no anchors): "MyRuntime.Failed" is kept as it is, while "Function.x" is not.
    private static final Pattern CATEGORY_REASON = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");

    private FunctionErrorType() {
    }

    /** @param declared the header's value, or null when the runtime sent none */
    static String normalise(String declared) {
        if (declared == null) {
            return RUNTIME_UNKNOWN;
        }
        if (CATEGORY_REASON.matcher(declared).find()) {
            return declared;
        }
        return declared.startsWith("Function.") ? FUNCTION_UNKNOWN : RUNTIME_UNKNOWN;
    }
}
