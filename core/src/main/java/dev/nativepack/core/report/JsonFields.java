package dev.nativepack.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a JSON object as an ordered map, for documents whose field names are not Java names
 * ({@code $schema}, {@code problem.severity}). Absent values are left out rather than written as
 * null: SARIF's schema rejects null where it expects a string or an object.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** Keys and values in turn; a null value drops its key. */
    static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                object.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return object;
    }
}
