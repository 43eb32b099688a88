package dev.nativepack.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void testRender_documentFieldsInFixedOrder() throws Exception {
        JsonNode json = MAPPER.readTree(AuditJson.render(AuditReports.mixed()));

        assertThat(names(json)).containsExactly("target", "inputs", "summary", "findings");
        assertThat(names(json.get("target"))).containsExactly("id", "summary");
        assertThat(names(json.get("summary"))).containsExactly("filesAudited", "librariesFromTarget",
                "librariesToBundle", "errors", "warnings", "notes");
        for (JsonNode finding : json.get("findings")) {
            assertThat(names(finding)).containsExactly("rule", "severity", "file", "subject", "message", "evidence",
                    "fix");
        }
    }

    @Test
    void testRender_valuesFromTheReport() throws Exception {
        JsonNode json = MAPPER.readTree(AuditJson.render(AuditReports.mixed()));

        assertThat(json.at("/target/id").asText()).isEqualTo(AuditReports.TARGET);
        assertThat(json.at("/target/summary").asText()).isEqualTo(AuditReports.SUMMARY);
        assertThat(json.at("/inputs").toString()).isEqualTo("[\"build/app\",\"dist/app.zip\"]");
        assertThat(json.at("/summary").toString()).isEqualTo("{\"filesAudited\":3,\"librariesFromTarget\":12,"
                + "\"librariesToBundle\":2,\"errors\":2,\"warnings\":1,\"notes\":1}");
        JsonNode missing = json.at("/findings/2");
        assertThat(missing.get("rule").asText()).isEqualTo("missing-library");
        assertThat(missing.get("severity").asText()).isEqualTo("error");
        assertThat(missing.get("file").asText()).isEqualTo("./build/app");
        assertThat(missing.get("subject").asText()).isEqualTo("libfoo.so.1");
        assertThat(missing.get("evidence")).hasSize(3);
        assertThat(missing.get("fix").asText()).isEqualTo("Fix missing-library in ./build/app.");
    }

    @Test
    void testRender_everyFindingKeepsItsFullEvidence() throws Exception {
        JsonNode json = MAPPER.readTree(AuditJson.render(AuditReports.mixed()));

        assertThat(json.at("/findings/3/evidence")).hasSize(40);
    }

    @Test
    void testRender_absentValuesStayAsNullOrEmpty() throws Exception {
        JsonNode note = MAPPER.readTree(AuditJson.render(AuditReports.mixed())).at("/findings/0");

        assertThat(note.get("severity").asText()).isEqualTo("note");
        assertThat(note.get("subject").isNull()).isTrue();
        assertThat(note.get("fix").asText()).isEmpty();
        assertThat(note.get("evidence").isArray()).isTrue();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
