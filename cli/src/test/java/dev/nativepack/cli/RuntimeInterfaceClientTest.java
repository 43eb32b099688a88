package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.cli.lambda.EchoHandler;
import dev.nativepack.testing.Toolchain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS's own runtime interface client for Java (Maven Central), running a Java handler as a custom
 * runtime under invoke: a real client nobody here wrote, with its own JNI library (extracted to
 * /tmp at start) and HTTP code, against the emulator. The JVM is a jlink'd runtime in a layer at
 * /opt/java; bootstrap is a small C program that starts it, since the sandbox has no shell.
 */
class RuntimeInterfaceClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = EchoHandler.class.getName() + "::handleRequest";

    @TempDir
    static Path work;
    static Path function;
    static Path layer;

    @BeforeAll
    static void packageTheFunction() throws Exception {
        function = Files.createDirectories(work.resolve("function"));
        layer = Files.createDirectories(work.resolve("layer"));
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Toolchain.run(work, Map.of(), jlink.toString(), "--add-modules",
                "java.base,java.logging,java.xml,java.desktop,java.sql,java.management,java.naming,jdk.unsupported",
                "--no-header-files", "--no-man-pages", "--strip-debug", "--output", layer.resolve("java").toString());
        Toolchain.NATIVE.compile(function.resolve("bootstrap"), "#include <stdlib.h>\n#include <unistd.h>\n"
                + "int main(void) {\n"
                + "  char *argv[] = {\"java\", \"-Xmx256m\", \"-XX:+UseSerialGC\", \"-XX:TieredStopAtLevel=1\", \"-cp\",\n"
                + "      \"/var/task/lib/*:/var/task/classes\",\n"
                + "      \"com.amazonaws.services.lambda.runtime.api.client.AWSLambda\", getenv(\"_HANDLER\"), NULL};\n"
                + "  execv(\"/opt/java/bin/java\", argv);\n  return 127;\n}\n");
        Path lib = Files.createDirectories(function.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // The client and what it depends on: AWS's Lambda libraries and the SDK's small utilities.
            if (entry.contains("/com/amazonaws/") || entry.contains("/software/amazon/")) {
                Files.copy(Path.of(entry), lib.resolve(Path.of(entry).getFileName()));
            }
        }
        assertThat(lib.toFile().list()).anyMatch(n -> n.startsWith("aws-lambda-java-runtime-interface-client"));
        String classFile = EchoHandler.class.getName().replace('.', '/') + ".class";
        Path compiled = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(classFile);
        Path target = function.resolve("classes").resolve(classFile);
        Files.createDirectories(target.getParent());
        Files.copy(compiled, target);
    }

    private CliRun invoke(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("invoke", function.toString(), "--target",
                "provided.al2023", "--layer", layer.toString(), "--handler", HANDLER, "--memory", "512"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aJavaHandlerAnswersThroughAwsRuntimeClient() throws Exception {
        Path event = Files.writeString(work.resolve("ok.json"), "{\"n\": 7}");

        CliRun run = invoke("--event", event.toString(), "--event", event.toString(), "--timeout", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("echo").path("n").asInt()).isEqualTo(7);
        assertThat(first.path("function").asText()).isEqualTo("function");
        assertThat(first.path("memory").asInt()).isEqualTo(512);
        // The deadline header became the context's remaining time: some of the 20 s, not more.
        assertThat(first.path("remainingMs").asLong()).isBetween(1L, 20_000L);
        assertThat(first.path("requestId").asText()).isNotEqualTo(JSON.readTree(lines.get(1)).path("requestId").asText());
        assertThat(run.err()).contains("Init Duration");
    }

    @Test
    void aHandlerThatThrowsIsAFunctionErrorWithItsExceptionType() throws Exception {
        Path event = Files.writeString(work.resolve("fail.json"), "{\"fail\": \"please\"}");

        CliRun run = invoke("--event", event.toString(), "--timeout", "20");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode error = JSON.readTree(run.out().strip());
        assertThat(error.path("errorMessage").asText()).isEqualTo("asked to fail: please");
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aHandlerThatRunsTooLongIsKilledAtTheTimeout() throws Exception {
        Path event = Files.writeString(work.resolve("sleep.json"), "{\"sleep\": 20000}");

        CliRun run = invoke("--event", event.toString(), "--timeout", "5");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(JSON.readTree(run.out().strip()).path("errorMessage").asText())
                .endsWith("Task timed out after 5.00 seconds");
    }
}
