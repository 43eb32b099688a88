package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/**
 * Renders report values as indented JSON. The only class that touches Jackson, so a run that does
 * not ask for JSON never loads it (a measurable part of start-up).
 */
public final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    public static String render(Object report) {
        try {
            return MAPPER.writeValueAsString(report) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            // Report values are plain records, lists and maps; failing to write one is a bug.
            throw new UncheckedIOException(e);
        }
    }
}
