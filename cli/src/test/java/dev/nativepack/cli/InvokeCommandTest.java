package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.testing.Toolchain;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * invoke on a real custom runtime: a C bootstrap using libcurl (test resource bootstrap.c), compiled
 * here and bundled by nativepack itself for provided.al2023, run in the sandbox behind the emulator.
 */
class InvokeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: ([0-9a-f-]{36})\\tDuration: ([0-9.]+) ms\\t"
            + "Billed Duration: (\\d+) ms\\tMemory Size: (\\d+) MB\\tMax Memory Used: (\\d+) MB(\\tInit Duration: ([0-9.]+) ms)?");

    @TempDir
    static Path shared;
    static Path function;

    @TempDir
    Path dir;

    @BeforeAll
    static void bundleTheRuntime() throws Exception {
        String source;
        try (InputStream in = InvokeCommandTest.class.getResourceAsStream("bootstrap.c")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path program = Toolchain.NATIVE.compile(shared.resolve("build/bootstrap"), source, "-O2", "-lcurl");
        function = shared.resolve("function.zip");
        // provided.al2023 has a libcurl of its own; this machine's is bundled instead (renamed, with what it needs).
        CliRun bundled = CliRun.of("bundle", program.toString(), "--target", "provided.al2023", "-o", function.toString(),
                "--bundle-library", "libcurl.so.4");
        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(bundled.out()).containsPattern("renamed libcurl.so.4 -> libcurl-[0-9a-f]{8}.so.4");
        try (var z = new java.util.zip.ZipFile(function.toFile())) {
            assertThat(z.stream().map(java.util.zip.ZipEntry::getName))
                    .anyMatch(n -> n.matches("lib/libcurl-[0-9a-f]{8}\\.so\\.4")).contains("lib/librtmp.so.1");
        }
    }

    private Path event(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    private static List<Matcher> reports(String logs) {
        List<Matcher> out = new ArrayList<>();
        Matcher m = REPORT.matcher(logs);
        while (m.find()) {
            Matcher copy = REPORT.matcher(m.group());
            copy.find();
            out.add(copy);
        }
        return out;
    }

    @Test
    void eventsAreDeliveredInOrderTheFirstColdTheRestWarmOnTheSameProcess() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("a.json", "{\"n\": 1}").toString(),
                "--event", event("b.json", "[2, 3]").toString(), "--memory", "256");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> responses = run.out().lines().toList();
        assertThat(responses).hasSize(2);
        assertThat(JSON.readTree(responses.get(0))).isEqualTo(JSON.readTree("{\"echo\": {\"n\": 1}, \"count\": 1}"));
        // count 2: the same process answered the second event.
        assertThat(JSON.readTree(responses.get(1))).isEqualTo(JSON.readTree("{\"echo\": [2, 3], \"count\": 2}"));
        assertThat(run.err()).contains("init done, handler function.handler").contains("START RequestId: ")
                .contains("END RequestId: ");
        List<Matcher> reports = reports(run.err());
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).group(7)).as("Init Duration on the cold start").isNotNull();
        assertThat(reports.get(1).group(7)).as("none on the warm one").isNull();
        assertThat(reports.get(0).group(4)).isEqualTo("256");
        assertThat(reports.get(0).group(1)).isNotEqualTo(reports.get(1).group(1));
        double duration = Double.parseDouble(reports.get(1).group(2));
        assertThat(Long.parseLong(reports.get(1).group(3))).isEqualTo((long) Math.ceil(duration));
    }

    @Test
    void aFunctionErrorIsReturnedWithItsTypeAndTheProcessStaysWarm() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("f.json", "\"fail\"").toString(),
                "--event", event("ok.json", "{}").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        List<String> responses = run.out().lines().toList();
        JsonNode error = JSON.readTree(responses.get(0));
        assertThat(error.path("errorMessage").asText()).isEqualTo("it failed");
        assertThat(run.err()).contains("posted invocation/").contains("/error: ok 202 {\"status\":\"OK\"}");
        assertThat(JSON.readTree(responses.get(1)).path("count").asInt()).isEqualTo(2);
    }

    /** libcurl sends the stream in chunks and the error in trailers: a real client of Lambda's streaming protocol. */
    @Test
    void aStreamedResponseIsPrinted_andAnErrorInItsTrailersIsReported() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("s.json", "\"stream\"").toString(),
                "--event", event("b.json", "\"broken\"").toString(), "--event", event("ok.json", "{}").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.out()).startsWith("part 1 of 3\npart 2 of 3\npart 3 of 3\n\n" + "part 1 of 2\npart 2 of 2\n\n");
        assertThat(JSON.readTree(run.out().lines().reduce((a, b) -> b).orElseThrow()).path("count").asInt())
                .as("the runtime stays warm after a broken stream").isEqualTo(3);
        assertThat(run.err()).contains("streamed invocation/").contains("/response: ok 202 {\"status\":\"OK\"}")
                .containsPattern("nativepack invoke: the streamed response of [0-9a-f-]{36} ended with "
                        + "Function.StreamFailed: \\{\"errorMessage\":\"broke mid-stream\",\"errorType\":\"StreamFailed\"}");
    }

    @Test
    void aTimeoutKillsTheRuntimeAndTheNextEventStartsColdAgain() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--timeout", "1", "--event",
                event("s.json", "\"sleep\"").toString(), "--event", event("ok.json", "{}").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        List<String> responses = run.out().lines().toList();
        JsonNode timeout = JSON.readTree(responses.get(0));
        assertThat(timeout.path("errorMessage").asText()).endsWith("Task timed out after 1.00 seconds");
        assertThat(JSON.readTree(responses.get(1)).path("count").asInt()).as("a new process").isEqualTo(1);
        List<Matcher> reports = reports(run.err());
        assertThat(reports.get(1).group(7)).as("a cold start again").isNotNull();
    }

    @Test
    void aRuntimeThatExitsDuringAnInvocationIsARuntimeExitError() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("x.json", "\"exit\"").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode error = JSON.readTree(run.out().strip());
        assertThat(error.path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(error.path("errorMessage").asText()).contains("Runtime exited with error: exit status 3");
    }

    @Test
    void theTaskRootIsReadOnlyTmpIsWritableAndTheLogsSaySo() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("w.json", "\"write\"").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode answer = JSON.readTree(run.out().strip());
        assertThat(answer.path("task").asText()).isEqualTo("Read-only file system");
        assertThat(answer.path("tmp").asText()).isEqualTo("written");
        assertThat(run.err()).contains("only /tmp is writable on Lambda");
    }

    @Test
    void theEnvironmentHoldsWhatLambdaSetsAndNothingOfThisMachine() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("e.json", "\"env\"").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> names = new ArrayList<>();
        JSON.readTree(run.out().strip()).forEach(n -> names.add(n.asText()));
        assertThat(names).containsExactlyInAnyOrder("AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT",
                "LAMBDA_RUNTIME_DIR", "LD_LIBRARY_PATH", "PATH", "LANG", "TZ", "AWS_REGION", "AWS_DEFAULT_REGION",
                "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
                "AWS_XRAY_CONTEXT_MISSING", "_AWS_XRAY_DAEMON_ADDRESS", "_AWS_XRAY_DAEMON_PORT",
                "AWS_XRAY_DAEMON_ADDRESS",
                // bubblewrap sets PWD to the working directory, /var/task, after every other variable.
                "PWD");
        assertThat(System.getenv()).containsKey("HOME");
    }

    @Test
    void aResponseOverSixMegabytesIsRefused() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("b.json", "\"big\"").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(JSON.readTree(run.out().strip()).path("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
    }

    @Test
    void aMissingOrNotExecutableBootstrapIsAnInvalidEntrypoint() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("handler.txt"), "");
        Path notExecutable = Files.createDirectories(dir.resolve("noexec"));
        Files.copy(shared.resolve("build/bootstrap"), notExecutable.resolve("bootstrap"));
        notExecutable.resolve("bootstrap").toFile().setExecutable(false, false);

        CliRun missing = CliRun.of("invoke", empty.toString());
        CliRun denied = CliRun.of("invoke", notExecutable.toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(JSON.readTree(missing.out().strip()).path("errorType").asText()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(missing.out()).contains("Couldn't find valid bootstrap(s)");
        assertThat(JSON.readTree(denied.out().strip()).path("errorType").asText()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(denied.out()).contains("permission denied");
    }

    @Test
    void anInitErrorIsWhatTheFirstInvocationReturns() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--env", "INIT_ERROR=1");
        CliRun reserved = CliRun.of("invoke", function.toString(), "--env", "AWS_REGION=eu-west-1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode error = JSON.readTree(run.out().strip());
        assertThat(error.path("errorMessage").asText()).isEqualTo("cannot start");
        assertThat(error.path("errorType").asText()).isEqualTo("Runtime.ConfigInvalid");
        assertThat(run.err()).contains("posted init/error: ok 202");
        assertThat(reserved.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(reserved.err()).contains("AWS_REGION: reserved by Lambda");
    }

    /**
     * A layer cannot set variables; the function configuration its nativepack-environment.json asks
     * for is set by invoke, unless --no-configuration, and --env wins over it.
     */
    @Test
    void theConfigurationALayerAsksForIsSetUnlessTurnedOff() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Files.writeString(layer.resolve("nativepack-environment.json"), "{\"Variables\": {\"INIT_ERROR\": \"1\", "
                + "\"AWS_REGION\": \"eu-west-1\"}}\n");
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(damaged.resolve("nativepack-environment.json"), "{\"Variables\": [\"INIT_ERROR\"]}");

        CliRun configured = CliRun.of("invoke", function.toString(), "--layer", layer.toString());
        CliRun off = CliRun.of("invoke", function.toString(), "--layer", layer.toString(), "--no-configuration");
        CliRun bad = CliRun.of("invoke", function.toString(), "--layer", damaged.toString());

        assertThat(configured.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(JSON.readTree(configured.out().strip()).path("errorType").asText()).isEqualTo("Runtime.ConfigInvalid");
        assertThat(configured.err()).contains("nativepack invoke: note: setting the function configuration the layers "
                + "ask for (nativepack-environment.json): INIT_ERROR\n");
        assertThat(off.exitCode()).as(off.err()).isZero();
        assertThat(off.err()).doesNotContain("INIT_ERROR").contains("init done");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err().strip()).isEqualTo("nativepack invoke: " + damaged + ": nativepack-environment.json: not a "
                + "function configuration (expected {\"Variables\": {\"NAME\": \"value\"}})");
    }

    @Test
    void aSlowInitIsLookedIntoTheLoadersShareAgainstTheProgramsOwn() throws Exception {
        CliRun slow = CliRun.of("invoke", function.toString(), "--env", "INIT_SLEEP_MS=1500", "--timeout", "10");
        CliRun quick = CliRun.of("invoke", function.toString());

        assertThat(slow.exitCode()).as(slow.err()).isZero();
        Matcher m = Pattern.compile("nativepack: init took (\\d+) ms\\. Started again with LD_DEBUG=statistics \\((\\d+) ms "
                + "to the first /next\\), the dynamic loader took about ([0-9.]+) ms \\(relocation [0-9.]+%, loading "
                + "objects [0-9.]+%\\) and the program's own initialisation the rest, about (\\d+) ms\\.").matcher(slow.err());
        assertThat(m.find()).as(slow.err()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(1500);
        // The program slept 1.5 s: that is its own time, not the loader's.
        assertThat(Double.parseDouble(m.group(3))).isLessThan(500);
        assertThat(Integer.parseInt(m.group(4))).isGreaterThanOrEqualTo(1400);
        assertThat(quick.err()).doesNotContain("LD_DEBUG");
    }

    @Test
    void aMissingOrHostileArchiveIsRefusedInOneLine() throws Exception {
        Path hostile = dir.resolve("hostile.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(hostile))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("../escape"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        CliRun missing = CliRun.of("invoke", dir.resolve("nothing.zip").toString());
        CliRun escaping = CliRun.of("invoke", hostile.toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).isEqualTo("nativepack invoke: " + dir.resolve("nothing.zip") + ": no such file or directory\n");
        assertThat(escaping.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(escaping.err().lines().toList()).hasSize(1);
        assertThat(escaping.err()).startsWith("nativepack invoke: ").contains("../escape");
        assertThat(dir.resolve("../escape")).doesNotExist();
    }

    @Test
    void anEventThatIsNotJsonIsRefusedInOneLine() throws Exception {
        CliRun run = CliRun.of("invoke", function.toString(), "--event", event("bad.json", "{\"n\": ").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("nativepack invoke: ").contains("bad.json: the event is not JSON");
        assertThat(run.out()).isEmpty();

        CliRun large = CliRun.of("invoke", function.toString(), "--event",
                event("large.json", "\"" + "x".repeat(6 * 1024 * 1024) + "\"").toString());
        assertThat(large.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(large.err()).contains("large.json: the event is 6291458 bytes; Lambda takes at most 6291456");
    }
}
