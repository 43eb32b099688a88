package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/**
 * Renders report values as indented JSON for inspect and tree. The only class that uses Jackson's
 * data binding, so a run that does not ask for their JSON never loads it (a measurable part of
 * start-up); audits and targets use the streaming parser and generator only.
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
