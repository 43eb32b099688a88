package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * Writes a document with Jackson's streaming generator, indented exactly as {@link JsonOutput}
 * indents. The audit renderers write through it rather than through {@code JsonOutput}: loading
 * and initialising the data-binding layer is about a fifth of an audit's start-up, and the
 * streaming layer is loaded anyway to read the target.
 */
final class StreamingJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private StreamingJson() {
    }

    /** The document and a line separator, as {@link JsonOutput#render} ends it. */
    static String render(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // The same printer as ObjectMapper's INDENT_OUTPUT, so the documents read as before.
            g.useDefaultPrettyPrinter();
            body.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out + System.lineSeparator();
    }

    static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    /**
     * Leaves the field out when the value is null: SARIF's schema rejects null where it expects a
     * string.
     */
    static void writeOptionalString(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    /** A field whose value is an object with the single field {@code text}, SARIF's message shape. */
    static void writeText(JsonGenerator g, String field, String text) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("text", text);
        g.writeEndObject();
    }
}
