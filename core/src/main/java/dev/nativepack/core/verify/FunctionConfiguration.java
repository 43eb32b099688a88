package dev.nativepack.core.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a bundle asks its function's configuration to set: the
 * {@code nativepack-environment.json} that {@code bundle} writes at a bundle's root
 * ({@code {"Variables": {...}}}, the shape {@code aws lambda update-function-configuration
 * --environment} takes). A layer cannot set variables itself, and neither can helper programs of a
 * managed runtime; running them locally as deployed means applying what the user is told to configure.
 */
public final class FunctionConfiguration {
    /** The file's name at a bundle's root, as a bundle writes it. */
    public static final String FILE = dev.nativepack.core.bundle.EnvironmentFiles.CONFIGURATION_FILE;
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final long MAX_BYTES = 1 << 20;

    private FunctionConfiguration() {
    }

    /**
     * The variables of {@code root}'s configuration file, in its order; empty when there is none.
     *
     * @throws IOException starting with the file's name, when it cannot be read or is not {@code {"Variables": {NAME: "value"}}}
     */
    public static Map<String, String> read(Path root) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(FILE + ": over 1 MiB, not a function configuration");
        }
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(Files.readAllBytes(file))) {
            expect(p.nextToken() == JsonToken.START_OBJECT, file);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("Variables")) {
                    p.skipChildren();
                    continue;
                }
                expect(value == JsonToken.START_OBJECT, file);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    expect(p.nextToken() == JsonToken.VALUE_STRING && name.matches("[A-Za-z][A-Za-z0-9_]*"), file);
                    out.put(name, p.getText());
                }
            }
            expect(p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null, file);
        } catch (JsonParseException e) {
            throw new IOException(FILE + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        return out;
    }

    private static void expect(boolean ok, Path file) throws IOException {
        if (!ok) {
            throw new IOException(FILE + ": not a function configuration (expected {\"Variables\": {\"NAME\": \"value\"}})");
        }
    }
}
