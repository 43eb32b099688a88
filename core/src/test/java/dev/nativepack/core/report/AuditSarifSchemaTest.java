package dev.nativepack.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SARIF output against the SARIF 2.1.0 JSON schema (see src/test/resources/sarif/README.md). */
class AuditSarifSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = AuditSarifSchemaTest.class.getResourceAsStream("/sarif/sarif-2.1.0.json")) {
            JsonNode node = MAPPER.readTree(in);
            // Formats ("uri", "uri-reference") are only annotations in draft 2020-12 unless asserted.
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config);
        }
    }

    @Test
    void testValidate_reportWithEveryKindOfFinding() throws IOException {
        assertThat(errors(sarif(AuditReports.mixed()))).isEmpty();
    }

    @Test
    void testValidate_emptyReport() throws IOException {
        assertThat(errors(sarif(AuditReports.of()))).isEmpty();
    }

    @Test
    void testValidate_awkwardFileNames() throws IOException {
        AuditReport report = AuditReports.of(
                AuditReports.error(Rule.MISSING_LIBRARY, "build/my app/lib+x:1.so", "s", "m", List.of()),
                AuditReports.error(Rule.MISSING_LIBRARY, "/srv/task/bin/app", "s", "m", List.of()),
                AuditReports.error(Rule.MISSING_LIBRARY, "dist/ä#b?.zip!/lib/x.so", "s", "m", List.of()),
                AuditReports.error(Rule.SIZE_LIMIT, "./", "zipped size", "m", List.of()));

        assertThat(errors(sarif(report))).isEmpty();
    }

    @Test
    void testValidate_resultWithoutMessageIsRejected() throws IOException {
        JsonNode broken = sarif(AuditReports.mixed());
        ((ObjectNode) broken.at("/runs/0/results/0")).remove("message");

        assertThat(errors(broken)).anyMatch(e -> e.contains("message"));
    }

    @Test
    void testValidate_unknownLevelIsRejected() throws IOException {
        JsonNode broken = sarif(AuditReports.mixed());
        ((ObjectNode) broken.at("/runs/0/results/0")).put("level", "fatal");

        assertThat(errors(broken)).anyMatch(e -> e.contains("level"));
    }

    @Test
    void testValidate_uriWithASpaceIsRejected() throws IOException {
        JsonNode broken = sarif(AuditReports.mixed());
        ((ObjectNode) broken.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation"))
                .put("uri", "build/my app");

        assertThat(errors(broken)).anyMatch(e -> e.contains("uri"));
    }

    private static JsonNode sarif(AuditReport report) throws IOException {
        return MAPPER.readTree(AuditSarif.render(report, "0.1.0-SNAPSHOT", "https://example.org/nativepack"));
    }

    private static Set<String> errors(JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }
}
