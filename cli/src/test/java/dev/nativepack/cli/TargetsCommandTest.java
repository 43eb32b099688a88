package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code nativepack targets}: the built-in targets as an aligned table and as JSON. */
class TargetsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** At least the ids the project promises; more may be added. */
    private static final List<String> PROMISED = List.of("aws-lambda/provided.al2023/x86_64",
            "aws-lambda/provided.al2023/arm64", "aws-lambda/provided.al2/x86_64", "aws-lambda/provided.al2/arm64",
            "aws-lambda/python3.12/arm64", "aws-lambda/nodejs22.x/x86_64", "aws-lambda/java21/arm64",
            "aws-lambda/python3.11/x86_64", "aws-lambda/java17/arm64", "aws-lambda/java11/x86_64",
            "aws-lambda/nodejs18.x/arm64", "gcp/google-22/x86_64", "gcp/google-22-full/x86_64",
            "azure/debian12/x86_64", "azure/debian11/x86_64");

    private static List<String> lines(String text) {
        return text.lines().collect(Collectors.toList());
    }

    private static String row(List<String> lines, String id) {
        return lines.stream().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not listed"));
    }

    @Test
    void testTable_oneAlignedLinePerTarget() {
        CliRun run = CliRun.of("targets");
        List<String> lines = lines(run.out());
        String header = lines.get(0);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(header.split(" +")).containsExactly("ID", "LIBC", "ARCH", "PROVENANCE", "DESCRIPTION");
        for (String id : PROMISED) {
            String line = row(lines, id);
            assertThat(line.indexOf("glibc 2.")).as(id).isEqualTo(header.indexOf("LIBC"));
            assertThat(line.indexOf(id.substring(id.lastIndexOf('/') + 1), header.indexOf("ARCH")))
                    .as(id).isEqualTo(header.indexOf("ARCH"));
            assertThat(line.substring(header.indexOf("PROVENANCE"))).as(id).matches("(REAL|DERIVED) (high|medium|low) .*");
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(1 + 26).doesNotHaveDuplicates();
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void testTable_showsTheLibcAndProvenanceOfEachTarget() {
        List<String> lines = lines(CliRun.of("targets").out());

        assertThat(row(lines, "aws-lambda/provided.al2/x86_64")).contains("glibc 2.26", "REAL high");
        assertThat(row(lines, "aws-lambda/provided.al2/arm64")).contains("glibc 2.26", " arm64 ", "DERIVED medium");
        assertThat(row(lines, "aws-lambda/provided.al2023/arm64")).contains("glibc 2.34", "DERIVED medium",
                "Amazon Linux 2023");
        assertThat(row(lines, "gcp/google-22/x86_64")).contains("glibc 2.35", "Ubuntu 22.04");
        assertThat(row(lines, "azure/debian12/x86_64")).contains("glibc 2.36", "Debian 12");
        assertThat(row(lines, "azure/debian11/x86_64")).contains("glibc 2.31", "Debian 11");
    }

    @Test
    void testTable_headingBoldOnlyWhenColourIsAsked() {
        CliRun always = CliRun.of("targets", "--color=always");
        CliRun terminalWithNoColor = CliRun.in(new RunEnvironment(Map.of("NO_COLOR", "1"), true,
                Path.of("").toAbsolutePath()), "targets");

        assertThat(always.out()).startsWith("\u001b[1mID ");
        assertThat(terminalWithNoColor.out()).startsWith("ID ").doesNotContain("\u001b[");
    }

    @Test
    void testJson_summaryOfEveryTarget() throws IOException {
        CliRun run = CliRun.of("targets", "--json");
        JsonNode list = JSON.readTree(run.out());

        assertThat(run.exitCode()).isZero();
        assertThat(list.isArray()).isTrue();
        List<String> ids = stream(list).map(n -> n.get("id").asText()).collect(Collectors.toList());
        assertThat(ids).containsAll(PROMISED).doesNotHaveDuplicates();
        for (JsonNode n : list) {
            assertThat(fieldNames(n)).as(n.get("id").asText()).containsExactlyInAnyOrder("id", "architecture", "libc",
                    "libcVersion", "provenance", "confidence", "ceilings", "libraries", "description");
        }
        JsonNode debian12 = stream(list).filter(n -> n.get("id").asText().equals("azure/debian12/x86_64"))
                .findFirst().orElseThrow();
        assertThat(debian12.get("architecture").asText()).isEqualTo("x86_64");
        assertThat(debian12.get("libc").asText()).isEqualTo("glibc");
        assertThat(debian12.get("libcVersion").asText()).isEqualTo("2.36");
        assertThat(debian12.get("provenance").asText()).isEqualTo("DERIVED");
        assertThat(debian12.get("confidence").asText()).isEqualTo("high");
        assertThat(debian12.get("ceilings").get("GLIBCXX").asText()).isEqualTo("3.4.30");
        assertThat(debian12.get("ceilings").get("GCC").asText()).isEqualTo("12.0.0");
        assertThat(debian12.get("libraries").asInt()).isEqualTo(librariesInResource("azure/debian12/x86_64"));
    }

    @Test
    void testHelp_examplesAndExitCodes() {
        CliRun run = CliRun.of("targets", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("List the platforms nativepack can check and bundle for.")
                .contains("Usage: nativepack targets [-hV]", "--json", "--color=WHEN", "--no-color", "Examples:",
                        "  nativepack targets --json", "Exit codes:", "  0  ok");
    }

    @Test
    void testUnknownOption_isAUsageError() {
        CliRun run = CliRun.of("targets", "--jsn");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--jsn");
    }

    @Test
    void testRootHelp_namesTheCommand() {
        CliRun run = CliRun.of("--help");

        assertThat(run.out()).contains("  targets ").contains("nativepack targets");
    }

    /** Counted from the resource with a plain JSON parser, not through the target model. */
    private static int librariesInResource(String id) throws IOException {
        try (InputStream in = TargetsCommandTest.class.getResourceAsStream(
                "/dev/nativepack/core/target/builtin/" + id + ".json")) {
            assertThat(in).as(id).isNotNull();
            return JSON.readTree(in).get("libraries").size();
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
