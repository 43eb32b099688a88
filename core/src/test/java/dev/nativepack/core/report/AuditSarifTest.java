package dev.nativepack.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Rule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What GitHub code scanning reads from the SARIF output; the schema itself is AuditSarifSchemaTest's. */
class AuditSarifTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void testRender_logAndDriver() throws IOException {
        JsonNode sarif = render(AuditReports.mixed());

        assertThat(sarif.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("runs")).hasSize(1);
        JsonNode driver = sarif.at("/runs/0/tool/driver");
        assertThat(driver.get("name").asText()).isEqualTo("nativepack");
        assertThat(driver.get("informationUri").asText()).isEqualTo("https://example.org/nativepack");
        assertThat(driver.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(driver.get("semanticVersion").asText()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void testRender_versionThatIsNotSemanticIsOnlyTheVersion() throws IOException {
        JsonNode driver = MAPPER.readTree(AuditSarif.render(AuditReports.of(), "(unknown version)"))
                .at("/runs/0/tool/driver");

        assertThat(driver.get("version").asText()).isEqualTo("(unknown version)");
        assertThat(driver.has("semanticVersion")).isFalse();
        assertThat(driver.has("informationUri")).isFalse();
    }

    @Test
    void testRender_everyRuleDescribedWithinCodeScanningLimits() throws IOException {
        JsonNode rules = render(AuditReports.of()).at("/runs/0/tool/driver/rules");

        assertThat(rules).hasSize(Rule.values().length);
        for (Rule rule : Rule.values()) {
            JsonNode descriptor = rules.get(rule.ordinal());
            assertThat(descriptor.get("id").asText()).isEqualTo(rule.id());
            assertThat(descriptor.at("/shortDescription/text").asText()).isEqualTo(rule.title()).hasSizeLessThan(1024);
            assertThat(descriptor.at("/fullDescription/text").asText()).isEqualTo(rule.description())
                    .hasSizeLessThanOrEqualTo(1000);
            assertThat(descriptor.at("/help/text").asText()).contains(rule.description());
            assertThat(descriptor.at("/defaultConfiguration/level").asText()).isEqualTo(rule.defaultSeverity().label());
            assertThat(descriptor.at("/properties/tags").size()).isBetween(1, 10);
        }
        assertThat(rules.get(Rule.SYMBOL_VERSION.ordinal()).get("name").asText()).isEqualTo("SymbolVersion");
        assertThat(rules.get(Rule.BUILD_TREE_RPATH.ordinal()).get("name").asText()).isEqualTo("BuildTreeRpath");
    }

    @Test
    void testRender_resultPointsAtItsRule() throws IOException {
        JsonNode sarif = render(AuditReports.mixed());

        for (JsonNode result : sarif.at("/runs/0/results")) {
            JsonNode rule = sarif.at("/runs/0/tool/driver/rules").get(result.get("ruleIndex").asInt());
            assertThat(rule.get("id").asText()).isEqualTo(result.get("ruleId").asText());
        }
        assertThat(sarif.at("/runs/0/results/0/level").asText()).isEqualTo("note");
        assertThat(sarif.at("/runs/0/results/2/level").asText()).isEqualTo("error");
    }

    @Test
    void testRender_relativeFileIsARepositoryPathWithoutRegion() throws IOException {
        JsonNode location = render(AuditReports.mixed()).at("/runs/0/results/2/locations/0");

        assertThat(location.at("/physicalLocation/artifactLocation/uri").asText()).isEqualTo("build/app");
        assertThat(location.at("/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(location.at("/physicalLocation").has("region")).isFalse();
        assertThat(location.has("logicalLocations")).isFalse();
    }

    @Test
    void testRender_fileInAnArchiveIsLocatedAtTheArchive() throws IOException {
        JsonNode result = render(AuditReports.mixed()).at("/runs/0/results/3");

        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("dist/app.zip");
        assertThat(result.at("/locations/0/logicalLocations/0/name").asText()).isEqualTo("lib/libbar.so.2");
        assertThat(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText())
                .isEqualTo("dist/app.zip!/lib/libbar.so.2");
        assertThat(result.at("/message/text").asText()).startsWith("lib/libbar.so.2 needs GLIBC_2.38");
    }

    @Test
    void testRender_messageNamesTheFileInsideTheArchive() throws IOException {
        AuditReport report = AuditReports.of(AuditReports.error(Rule.EXECUTABLE_STACK, "dist/app.zip!/lib/libx.so",
                null, "asks for an executable stack", List.of()));

        assertThat(render(report).at("/runs/0/results/0/message/text").asText())
                .startsWith("lib/libx.so: asks for an executable stack");
    }

    @Test
    void testRender_uris() {
        assertThat(SarifLocation.of("././build//./app").uri()).isEqualTo("build/app");
        assertThat(SarifLocation.of("../out/app").uri()).isEqualTo("../out/app");
        assertThat(SarifLocation.of("build/my app/lib+x:1.so").uri()).isEqualTo("build/my%20app/lib+x%3A1.so");
        assertThat(SarifLocation.of("dist/ä.zip!/lib/x.so").uri()).isEqualTo("dist/%C3%A4.zip");
        assertThat(SarifLocation.of("./").uri()).isEqualTo(".");
        SarifLocation absolute = SarifLocation.of("/srv/task/bin/app");
        assertThat(absolute.uri()).isEqualTo("file:///srv/task/bin/app");
        assertThat(absolute.relative()).isFalse();
        assertThat(SarifLocation.of("a.zip!/b.jar!/lib/x.so").innerPath()).isEqualTo("b.jar!/lib/x.so");
    }

    @Test
    void testRender_absoluteFileHasNoBase() throws IOException {
        JsonNode artifact = render(AuditReports.of(AuditReports.note("/srv/task/bin/app", "m")))
                .at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation");

        assertThat(artifact.get("uri").asText()).isEqualTo("file:///srv/task/bin/app");
        assertThat(artifact.has("uriBaseId")).isFalse();
    }

    @Test
    void testRender_messageHasEvidenceSummaryAndFix() throws IOException {
        JsonNode result = render(AuditReports.mixed()).at("/runs/0/results/3");
        String text = result.at("/message/text").asText();

        assertThat(text).contains("\nEvidence: symbol sym1@GLIBC_2.38, ")
                .contains("sym10@GLIBC_2.38, ... and 30 more\n").doesNotContain("sym11@")
                .endsWith("\nFix: Fix symbol-version in dist/app.zip!/lib/libbar.so.2.");
        assertThat(result.at("/properties/evidence")).hasSize(40);
        assertThat(result.at("/properties/subject").asText()).isEqualTo("libc.so.6 GLIBC_2.38");
        assertThat(result.at("/properties/fix").asText())
                .isEqualTo("Fix symbol-version in dist/app.zip!/lib/libbar.so.2.");
    }

    @Test
    void testRender_noteWithoutSubjectOrFix() throws IOException {
        JsonNode result = render(AuditReports.mixed()).at("/runs/0/results/0");

        assertThat(result.at("/message/text").asText()).isEqualTo("debug sections could be stripped (1.2 MiB)");
        assertThat(result.get("properties").has("subject")).isFalse();
        assertThat(result.get("properties").has("fix")).isFalse();
    }

    @Test
    void testRender_fingerprintsAreStableAndDistinct() throws IOException {
        Finding missing = AuditReports.error(Rule.MISSING_LIBRARY, "./build/app", "libfoo.so.1", "m", List.of());
        Finding sameSpeltOtherwise = AuditReports.error(Rule.MISSING_LIBRARY, "build/app", "libfoo.so.1", "other",
                List.of("e"));
        Finding otherSubject = AuditReports.error(Rule.MISSING_LIBRARY, "build/app", "libbar.so.1", "m", List.of());

        JsonNode results = render(AuditReports.of(missing, sameSpeltOtherwise, otherSubject)).at("/runs/0/results");
        JsonNode again = render(AuditReports.of(otherSubject, missing)).at("/runs/0/results");

        String first = results.at("/0/partialFingerprints/nativepack~1v1").asText();
        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(results.at("/1/partialFingerprints/nativepack~1v1").asText()).isEqualTo(first);
        assertThat(results.at("/2/partialFingerprints/nativepack~1v1").asText()).isNotEqualTo(first);
        assertThat(again.at("/1/partialFingerprints/nativepack~1v1").asText()).isEqualTo(first);
        // Equal fingerprints are numbered so that code scanning keeps them as separate alerts.
        assertThat(results.at("/0/partialFingerprints/primaryLocationLineHash").asText())
                .isEqualTo(first.substring(0, 16) + ":1");
        assertThat(results.at("/1/partialFingerprints/primaryLocationLineHash").asText())
                .isEqualTo(first.substring(0, 16) + ":2");
    }

    @Test
    void testRender_runPropertiesDescribeTheAudit() throws IOException {
        JsonNode properties = render(AuditReports.mixed()).at("/runs/0/properties");

        assertThat(properties.get("targetId").asText()).isEqualTo(AuditReports.TARGET);
        assertThat(properties.get("targetSummary").asText()).isEqualTo(AuditReports.SUMMARY);
        assertThat(properties.get("inputs")).hasSize(2);
        assertThat(properties.get("filesAudited").asInt()).isEqualTo(3);
        assertThat(properties.has("omittedResults")).isFalse();
    }

    @Test
    void testRender_resultsCappedAtCodeScanningsLimit() throws IOException {
        List<Finding> findings = new ArrayList<>(Collections.nCopies(AuditSarif.MAX_RESULTS + 2,
                AuditReports.note("build/app", "m")));
        findings.add(0, AuditReports.error(Rule.MISSING_LIBRARY, "build/app", "libfoo.so.1", "m", List.of()));
        AuditReport report = AuditReports.of(findings.toArray(Finding[]::new));

        JsonNode run = render(report).at("/runs/0");

        assertThat(run.get("results")).hasSize(AuditSarif.MAX_RESULTS);
        assertThat(run.at("/results/0/level").asText()).isEqualTo("error");
        assertThat(run.at("/properties/omittedResults").asInt()).isEqualTo(3);
    }

    private static JsonNode render(AuditReport report) throws IOException {
        return MAPPER.readTree(AuditSarif.render(report, "0.1.0-SNAPSHOT", "https://example.org/nativepack"));
    }
}
