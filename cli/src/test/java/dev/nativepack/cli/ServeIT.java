package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.testing.Toolchain;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nativepack serve} as a process, the real launcher, invoked over HTTP as curl or an SDK would. */
class ServeIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("nativepack.launcher", "../nativepack"))
            .toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoEnvironmentsAtMostAnswerConcurrentRequestsAndErrorsAreMarked() throws Exception {
        String source;
        try (InputStream in = ServeIT.class.getResourceAsStream("bootstrap.c")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path program = Toolchain.NATIVE.compile(dir.resolve("build/bootstrap"), source, "-O2", "-lcurl");
        Path function = dir.resolve("function.zip");
        Toolchain.Result bundled = Toolchain.exec(dir, Map.of(), LAUNCHER.toString(), "bundle", program.toString(),
                "--target", "provided.al2023", "--bundle-library", "libcurl.so.4", "-o", function.toString(), "--no-cache");
        assertThat(bundled.exitCode()).as(bundled.output()).isZero();

        Process serve = new ProcessBuilder(LAUNCHER.toString(), "serve", function.toString(), "--port", "0",
                "--concurrency", "2").redirectError(dir.resolve("serve.log").toFile()).start();
        try {
            String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:(\\d+)/2015-03-31/functions/function/invocations)")
                    .matcher(first == null ? "" : first);
            assertThat(m.find()).as(first).isTrue();
            URI uri = URI.create(m.group(1));
            HttpClient client = HttpClient.newHttpClient();

            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"i\": " + i + "}")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> counts = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : sent) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                counts.add(JSON.readTree(r.body()).path("count").asInt());
            }
            // Each environment counts its own invocations: a count of 1 is one environment's first.
            long environments = counts.stream().filter(c -> c == 1).count();
            assertThat(environments).as("counts %s", counts).isBetween(1L, 2L);
            assertThat(counts.stream().mapToInt(Integer::intValue).sum()).as("counts %s", counts)
                    .isLessThanOrEqualTo(1 + 2 + 3 + 4 + 5 + 6);

            HttpResponse<String> failed = client.send(HttpRequest.newBuilder(uri).POST(
                    HttpRequest.BodyPublishers.ofString("\"fail\"")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
            assertThat(JSON.readTree(failed.body()).path("errorMessage").asText()).isEqualTo("it failed");

            HttpResponse<String> notJson = client.send(HttpRequest.newBuilder(uri).POST(
                    HttpRequest.BodyPublishers.ofString("{bad")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidRequestContentException");

            assertStreamedByCurl(m.group(1));

            Toolchain.Result second = Toolchain.exec(dir, Map.of(), LAUNCHER.toString(), "serve", function.toString(),
                    "--port", m.group(2));
            assertThat(second.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(second.output()).contains("nativepack serve: 127.0.0.1:" + m.group(2) + ": the port is in use");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * curl -N prints each part as it arrives: the parts the runtime sends 400 ms apart reach the
     * caller that far apart, not together at the end. A stream that ends with an error in its
     * trailers is cut off without its last chunk, which curl reports (exit 18).
     */
    private void assertStreamedByCurl(String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "-N", "-D", dir.resolve("headers").toString(),
                "--data", "\"stream\"", url).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8));
        List<String> parts = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            parts.add(line);
            arrivals.add(System.nanoTime());
        }
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).isZero();
        assertThat(parts).containsExactly("part 1 of 3", "part 2 of 3", "part 3 of 3");
        assertThat((arrivals.get(2) - arrivals.get(0)) / 1_000_000).as("ms between the first and last part")
                .isGreaterThanOrEqualTo(600);
        String headers = Files.readString(dir.resolve("headers"));
        assertThat(headers).containsIgnoringCase("Transfer-Encoding: chunked").containsIgnoringCase(
                "Content-Type: text/plain");

        Process broken = new ProcessBuilder("curl", "-sS", "-N", "--data", "\"broken\"", url).start();
        String output = new String(broken.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String error = new String(broken.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(broken.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("part 1 of 2\npart 2 of 2\n");
        assertThat(broken.exitValue()).as(error).isEqualTo(18);
        assertThat(Files.readString(dir.resolve("serve.log"))).contains("ended with Function.StreamFailed");
    }
}
