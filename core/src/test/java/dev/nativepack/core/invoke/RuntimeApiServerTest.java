package dev.nativepack.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The emulator against a real HTTP client playing the runtime (and once curl), checked against
 * the RIE's behaviour as research/lambda.md §3 records it.
 */
class RuntimeApiServerTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:012345678912:function:test_function";
    private static final long TIMEOUT_MILLIS = 3000;
    private static final String STATUS_OK = "{\"status\":\"OK\"}";
    private static final String INVALID_REQUEST_ID =
            "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}";
    private static final String TRACE_ID = "Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RuntimeApiServer api;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        api = RuntimeApiServer.start(ARN, TIMEOUT_MILLIS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    // --- /next -------------------------------------------------------------------------------------

    @Test
    void address_isLoopbackAndAPort() {
        assertThat(api.address()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
    }

    @Test
    void next_deliversTheEventWithLambdasHeaders() throws Exception {
        long before = System.currentTimeMillis();
        RuntimeApiServer.Invocation invocation = api.invoke(new InvokeRequest(bytes("{\"a\":1}"), null,
                "{\"custom\":{\"k\":\"v\"}}", "{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}",
                null));
        HttpResponse<String> next = next();
        long after = System.currentTimeMillis();

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"a\":1}");
        assertThat(header(next, "Content-Type")).isEqualTo("application/json");
        String requestId = header(next, "Lambda-Runtime-Aws-Request-Id");
        assertThat(requestId).isEqualTo(invocation.requestId());
        assertThat(UUID.fromString(requestId).toString()).isEqualTo(requestId);
        long deadline = Long.parseLong(header(next, "Lambda-Runtime-Deadline-Ms"));
        assertThat(deadline).isEqualTo(invocation.deadlineEpochMillis())
                .isBetween(before + TIMEOUT_MILLIS, after + TIMEOUT_MILLIS);
        assertThat(header(next, "Lambda-Runtime-Invoked-Function-Arn")).isEqualTo(ARN);
        String trace = header(next, "Lambda-Runtime-Trace-Id");
        assertThat(trace).matches(TRACE_ID);
        long traceSeconds = Long.parseLong(trace.substring("Root=1-".length(), "Root=1-".length() + 8), 16);
        assertThat(traceSeconds).isBetween(before / 1000, after / 1000);
        assertThat(header(next, "Lambda-Runtime-Client-Context")).isEqualTo("{\"custom\":{\"k\":\"v\"}}");
        assertThat(header(next, "Lambda-Runtime-Cognito-Identity"))
                .isEqualTo("{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}");
        assertThat(api.initDone()).isCompletedWithValue(true);

        HttpResponse<String> response = post("invocation/" + requestId + "/response", "\"done\"");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(STATUS_OK);
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.requestId()).isEqualTo(requestId);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.RESPONSE);
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("\"done\"");
        assertThat(result.streamed()).isFalse();
    }

    /** HTTP names are case-insensitive, but a runtime comparing them exactly must still find Lambda's spelling. */
    @Test
    void next_spellsHeaderNamesAsLambdaDoes() throws Exception {
        api.invoke(new InvokeRequest(bytes("{}"), null, "{\"c\":1}", "{\"i\":1}", null));
        try (RawHttpConnection runtime = new RawHttpConnection(api.address())) {
            RawHttpConnection.Reply next = runtime.write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n"
                    + "Host: x\r\n\r\n").read();
            assertThat(next.headerLines()).extracting(line -> line.substring(0, line.indexOf(':')))
                    .contains("Content-Type", "Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms",
                            "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Trace-Id",
                            "Lambda-Runtime-Client-Context", "Lambda-Runtime-Cognito-Identity");
        }
    }

    @Test
    void next_sendsOnlyTheHeadersThatHaveValues_andKeepsAGivenTraceId() throws Exception {
        String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        api.invoke(new InvokeRequest(bytes("x"), "text/plain", null, null, trace));
        HttpResponse<String> next = next();
        assertThat(header(next, "Content-Type")).isEqualTo("text/plain");
        assertThat(header(next, "Lambda-Runtime-Trace-Id")).isEqualTo(trace);
        assertThat(next.headers().firstValue("Lambda-Runtime-Client-Context")).isEmpty();
        assertThat(next.headers().firstValue("Lambda-Runtime-Cognito-Identity")).isEmpty();
    }

    @Test
    void next_passesUtf8HeaderValuesAsTheirBytes() throws Exception {
        api.invoke(new InvokeRequest(bytes("{}"), null, "{\"custom\":{\"name\":\"Zoë\"}}", null, null));
        HttpResponse<String> next = next();
        String raw = header(next, "Lambda-Runtime-Client-Context");
        // The JDK client reads header bytes as ISO-8859-1: decoding them again as UTF-8 gives the text.
        assertThat(new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                .isEqualTo("{\"custom\":{\"name\":\"Zoë\"}}");
    }

    @Test
    void invoke_refusesAHeaderValueWithALineBreak() {
        assertThatThrownBy(() -> api.invoke(new InvokeRequest(bytes("{}"), null, "a\r\nX-Evil: 1", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test
    void invoke_refusesAnEventOverTheLimit() {
        assertThatThrownBy(() -> api.invoke(InvokeRequest.json(new byte[RuntimeApiServer.MAX_PAYLOAD + 1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RequestTooLargeException");
    }

    @Test
    void next_longPollsUntilAnEventIsQueued_andTheFirstEndsInit() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(get("/2018-06-01/runtime/invocation/next"),
                BodyHandlers.ofString());
        assertThat(api.initDone().get(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(next).isNotDone();
        api.invoke(InvokeRequest.json(bytes("{\"late\":true}")));
        assertThat(next.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"late\":true}");
    }

    @Test
    void next_whileAnInvocationIsOpen_is403() throws Exception {
        api.invoke(InvokeRequest.json(bytes("{}")));
        next();
        HttpResponse<String> again = next();
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("\"errorType\":\"InvalidStateTransition\"");
    }

    @Test
    void next_aLaterCallReplacesAWaitingOne() throws Exception {
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(get("/2018-06-01/runtime/invocation/next"),
                BodyHandlers.ofString());
        api.initDone().get(5, TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(get("/2018-06-01/runtime/invocation/next"),
                BodyHandlers.ofString());
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        api.invoke(InvokeRequest.json(bytes("{\"to\":\"second\"}")));
        assertThat(second.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"to\":\"second\"}");
    }

    @Test
    void invoke_whileOneIsQueuedOrOpen_throws() throws Exception {
        api.invoke(InvokeRequest.json(bytes("{}")));
        assertThatThrownBy(() -> api.invoke(InvokeRequest.json(bytes("{}"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("queued");
        next();
        assertThatThrownBy(() -> api.invoke(InvokeRequest.json(bytes("{}"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("open");
    }

    /**
     * Not a benchmark: a guard against the 40 ms delayed-ACK stall that JDK 17's server has with
     * Nagle's algorithm on (two of them per invocation). 20 warm invocations take about 10 ms without
     * it and about 1.8 s with it.
     */
    @Test
    void warmInvocations_doNotWaitForDelayedAcks() throws Exception {
        roundTrip();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            roundTrip();
        }
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(800);
    }

    private void roundTrip() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        assertThat(post("invocation/" + requestId(next()) + "/response", "{}").statusCode()).isEqualTo(202);
        invocation.result().get(5, TimeUnit.SECONDS);
    }

    // --- /response -----------------------------------------------------------------------------------

    @Test
    void response_forwardsItsContentType_andFreesTheSlotForTheNextInvocation() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        assertThat(post("invocation/" + id + "/response", "<p>hi</p>", "Content-Type", "text/html").statusCode())
                .isEqualTo(202);
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.contentType()).isEqualTo("text/html");
        assertThat(result.errorType()).isNull();

        RuntimeApiServer.Invocation second = api.invoke(InvokeRequest.json(bytes("{\"n\":2}")));
        HttpResponse<String> next = next();
        assertThat(next.body()).isEqualTo("{\"n\":2}");
        assertThat(requestId(next)).isEqualTo(second.requestId()).isNotEqualTo(id);
    }

    @Test
    void response_forAnotherId_is400_andLeavesTheInvocationOpen() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        HttpResponse<String> wrong = post("invocation/" + UUID.randomUUID() + "/response", "\"x\"");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).isEqualTo(INVALID_REQUEST_ID);
        assertThat(invocation.result()).isNotDone();
        assertThat(post("invocation/" + id + "/response", "\"ok\"").statusCode()).isEqualTo(202);
    }

    @Test
    void response_twice_is400() throws Exception {
        api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        assertThat(post("invocation/" + id + "/response", "1").statusCode()).isEqualTo(202);
        HttpResponse<String> again = post("invocation/" + id + "/response", "2");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo(INVALID_REQUEST_ID);
        HttpResponse<String> error = post("invocation/" + id + "/error", "{}");
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void response_ofExactlyTheLimit_isAccepted() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        HttpResponse<String> response = post("invocation/" + id + "/response",
                BodyPublishers.ofByteArray(new byte[RuntimeApiServer.MAX_PAYLOAD]));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(invocation.result().get(5, TimeUnit.SECONDS).body()).hasSize(RuntimeApiServer.MAX_PAYLOAD);
    }

    @Test
    void response_overTheLimit_is413_andTheInvocationEndsAsResponseSizeTooLarge() throws Exception {
        assertTooLarge(BodyPublishers.ofByteArray(new byte[RuntimeApiServer.MAX_PAYLOAD + 1]));
    }

    @Test
    void response_overTheLimitWhenChunked_is413() throws Exception {
        byte[] body = new byte[RuntimeApiServer.MAX_PAYLOAD + 1000];
        // An input stream of unknown length makes the client send the body chunked.
        assertTooLarge(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    private void assertTooLarge(BodyPublisher body) throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        HttpResponse<String> response = post("invocation/" + id + "/response", body);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(
                "{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\","
                        + "\"errorType\":\"RequestEntityTooLarge\"}");
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.PLATFORM_ERROR);
        assertThat(result.errorType()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(text(result)).contains("\"errorType\":\"Function.ResponseSizeTooLarge\"");
        assertThat(post("invocation/" + id + "/response", "\"small\"").statusCode()).isEqualTo(400);
    }

    @Test
    void response_withAnUnknownResponseMode_is400_andEndsTheInvocation() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        HttpResponse<String> response = post("invocation/" + id + "/response", "x",
                "Lambda-Runtime-Function-Response-Mode", "buffered");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"errorType\":\"InvalidFunctionResponseMode\"");
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.PLATFORM_ERROR);
        assertThat(result.errorType()).isEqualTo("Runtime.InvalidResponseModeHeader");
    }

    @Test
    void response_streamedInChunksByCurl_isAcceptedAsStreamed() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        Path file = Files.write(dir.resolve("stream"), body);
        Process curl = new ProcessBuilder("curl", "-sS", "-w", "\n%{http_code}",
                "-H", "Lambda-Runtime-Function-Response-Mode: streaming",
                "-H", "Transfer-Encoding: chunked",
                "-H", "Content-Type: application/vnd.awslambda.http-integration-response",
                "--data-binary", "@" + file,
                "http://" + api.address() + "/2018-06-01/runtime/invocation/" + id + "/response")
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo(STATUS_OK + "\n202");

        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.RESPONSE);
        assertThat(result.streamed()).isTrue();
        assertThat(result.contentType()).isEqualTo("application/vnd.awslambda.http-integration-response");
        assertThat(result.body()).isEqualTo(body);
    }

    /** Beyond its first 6 MiB a streamed response goes at 2 MiB/s, as on Lambda: 7 MiB take at least half a second. */
    @Test
    void response_streamedBeyondSixMebibytes_isHeldToLambdasRate() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        byte[] body = new byte[7 << 20];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        Path file = Files.write(dir.resolve("stream"), body);
        long start = System.nanoTime();
        Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Lambda-Runtime-Function-Response-Mode: streaming", "-H", "Transfer-Encoding: chunked",
                "--data-binary", "@" + file,
                "http://" + api.address() + "/2018-06-01/runtime/invocation/" + id + "/response")
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        InvokeResult result = invocation.result().get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(output).isEqualTo("202");
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.RESPONSE);
        assertThat(result.body()).isEqualTo(body);
        assertThat(millis).as("1 MiB past the burst at 2 MiB/s").isGreaterThanOrEqualTo(490);
    }

    /** Lambda's way to report an error after a stream has begun: trailers, the body base64 JSON (§3.4). */
    @Test
    void response_streamedWithErrorTrailers_endsAsTheErrorTheTrailersName() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        RawHttpConnection.Reply reply;
        try (RawHttpConnection runtime = new RawHttpConnection(api.address())) {
            reply = runtime.write(streamedResponse(id, "5\r\nhello\r\n" + "0\r\n"
                    + "Lambda-Runtime-Function-Error-Type: Runtime.StreamBroke\r\n"
                    + "Lambda-Runtime-Function-Error-Body: "
                    + Base64.getEncoder().encodeToString(bytes("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}"))
                    + "\r\n\r\n")).read();
        }
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.text()).isEqualTo(STATUS_OK);
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.FUNCTION_ERROR);
        assertThat(result.errorType()).isEqualTo("Runtime.StreamBroke");
        assertThat(result.streamed()).isTrue();
        assertThat(text(result)).isEqualTo("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}");
    }

    @Test
    void response_streamedWithAnErrorBodyThatIsNotBase64_keepsItAsTheMessage() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        try (RawHttpConnection runtime = new RawHttpConnection(api.address())) {
            assertThat(runtime.write(streamedResponse(id, "2\r\nhi\r\n0\r\n"
                    + "Lambda-Runtime-Function-Error-Type: Unhandled\r\n"
                    + "Lambda-Runtime-Function-Error-Body: not base64!\r\n\r\n")).read().status()).isEqualTo(202);
        }
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.errorType()).isEqualTo("Runtime.Unknown");
        assertThat(text(result)).isEqualTo("{\"errorMessage\":\"not base64!\",\"errorType\":\"Runtime.Unknown\"}");
    }

    @Test
    void response_streamedWithTrailersButNoError_isAResponse() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        try (RawHttpConnection runtime = new RawHttpConnection(api.address())) {
            assertThat(runtime.write(streamedResponse(id, "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Other: 1\r\n\r\n"))
                    .read().status()).isEqualTo(202);
        }
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.RESPONSE);
        assertThat(text(result)).isEqualTo("abcde");
    }

    /** The listener hears each chunk while the runtime is still sending: streaming, not buffering. */
    @Test
    void response_streamed_reachesTheListenerChunkByChunk() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")),
                new ResponseStreamListener() {
                    @Override
                    public void begin(String requestId, String contentType) {
                        heard.add("begin " + contentType);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        heard.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
                    }
                });
        String id = requestId(next());
        try (RawHttpConnection runtime = new RawHttpConnection(api.address())) {
            runtime.write("POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\r\nHost: x\r\n"
                    + "Lambda-Runtime-Function-Response-Mode: streaming\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + "6\r\nfirst \r\n");
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("begin text/plain");
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("first ");
            assertThat(invocation.result()).isNotDone();
            runtime.write("6\r\nsecond\r\n0\r\n\r\n");
            assertThat(runtime.read().status()).isEqualTo(202);
        }
        assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.RESPONSE);
        assertThat(result.contentType()).isEqualTo("text/plain");
        assertThat(result.body()).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void response_streamed_aListenerThatThrowsIsLeftAlone_andTheStreamIsStillRead() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")),
                new ResponseStreamListener() {
                    @Override
                    public void begin(String requestId, String contentType) {
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        heard.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
                        throw new IOException("the caller went away");
                    }
                });
        String id = requestId(next());
        try (RawHttpConnection runtime = new RawHttpConnection(api.address())) {
            runtime.write(streamedResponse(id, "1\r\na\r\n"));
            Thread.sleep(100);
            assertThat(runtime.write("1\r\nb\r\n0\r\n\r\n").read().status()).isEqualTo(202);
        }
        assertThat(invocation.result().get(5, TimeUnit.SECONDS).outcome()).isEqualTo(InvokeResult.Outcome.RESPONSE);
        assertThat(heard).containsExactly("a");
    }

    private static String streamedResponse(String id, String chunks) {
        return "POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
                + "\r\n" + chunks;
    }

    @Test
    void response_cutOffMidBody_endsAsTruncated() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        int port = Integer.parseInt(api.address().substring("127.0.0.1:".length()));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 100\r\n\r\nonly ten..").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.PLATFORM_ERROR);
        assertThat(result.errorType()).isEqualTo("Runtime.TruncatedResponse");
    }

    // --- /error and /init/error ----------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        "NONE, Runtime.Unknown",
        "Unhandled, Runtime.Unknown",
        "Handled, Runtime.Unknown",
        "Function.MyError, Function.MyError",
        "Runtime.NoSuchHandler, Runtime.NoSuchHandler",
        "Function.myError, Function.Unknown",
        "Function.X, Function.Unknown",
        "Function., Function.Unknown",
        "Runtime.X, Runtime.Unknown",
        // Unanchored, as Go's regexp.MatchString in the RIE:
        "MyRuntime.Failed, MyRuntime.Failed",
        "Runtime.Exit_Error, Runtime.Exit_Error",
        "runtime.Lowercase, Runtime.Unknown",
    })
    void errorType_isNormalisedAsTheRieDoes(String declared, String expected) {
        assertThat(FunctionErrorType.normalise(declared)).isEqualTo(expected);
    }

    @Test
    void error_endsTheInvocationAsAFunctionError_withTheBodyAsPosted() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        String posted = "{\"errorMessage\":\"division by zero\",\"errorType\":\"ZeroDivisionError\",\"stackTrace\":[]}";
        HttpResponse<String> response = post("invocation/" + id + "/error", posted,
                "Lambda-Runtime-Function-Error-Type", "Unhandled");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(STATUS_OK);
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.FUNCTION_ERROR);
        assertThat(result.errorType()).isEqualTo("Runtime.Unknown");
        assertThat(text(result)).isEqualTo(posted);
        assertThat(result.contentType()).isEqualTo("application/json");
    }

    @Test
    void error_withABodyThatIsNotJson_isWrappedInLambdasErrorShape() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        post("invocation/" + id + "/error", "segfault \"here\"\n", "Lambda-Runtime-Function-Error-Type",
                "Function.Crashed");
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.errorType()).isEqualTo("Function.Crashed");
        assertThat(text(result))
                .isEqualTo("{\"errorMessage\":\"segfault \\\"here\\\"\\n\",\"errorType\":\"Function.Crashed\"}");
    }

    @Test
    void error_withTheErrorCauseContentType_hidesTheCauseFromTheCaller() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        post("invocation/" + id + "/error",
                "{\"errorMessage\":\"m\",\"errorType\":\"E\",\"stackTrace\":[\"a\"],\"errorCause\":{\"paths\":[]}}",
                "Content-Type", "application/vnd.aws.lambda.error.cause+json");
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(text(result)).isEqualTo("{\"errorMessage\":\"m\",\"errorType\":\"E\",\"stackTrace\":[\"a\"]}");
    }

    @Test
    void initError_endsInitAsFailed_once() throws Exception {
        HttpResponse<String> response = post("init/error", "{\"errorMessage\":\"no handler\",\"errorType\":\"X\"}",
                "Lambda-Runtime-Function-Error-Type", "Runtime.NoSuchHandler");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(STATUS_OK);
        assertThat(api.initDone()).isCompletedWithValue(false);
        InvokeResult error = api.initError();
        assertThat(error.outcome()).isEqualTo(InvokeResult.Outcome.FUNCTION_ERROR);
        assertThat(error.errorType()).isEqualTo("Runtime.NoSuchHandler");
        assertThat(text(error)).isEqualTo("{\"errorMessage\":\"no handler\",\"errorType\":\"X\"}");
        assertThat(error.requestId()).isNotBlank();

        HttpResponse<String> again = post("init/error", "{}");
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("\"errorType\":\"InvalidStateTransition\"");
        assertThat(next().statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> api.invoke(InvokeRequest.json(bytes("{}"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("init error");
    }

    @Test
    void initError_afterTheFirstNext_is403() throws Exception {
        api.invoke(InvokeRequest.json(bytes("{}")));
        next();
        HttpResponse<String> late = post("init/error", "{}");
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("\"errorType\":\"InvalidStateTransition\"");
        assertThat(api.initError()).isNull();
    }

    // --- abort and close -----------------------------------------------------------------------------

    @Test
    void abort_endsTheOpenInvocation_andALateResponseIs400() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(bytes("{}")));
        String id = requestId(next());
        api.abort("Sandbox.Timedout", "Task timed out after 3.00 seconds");
        InvokeResult result = invocation.result().get(5, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.PLATFORM_ERROR);
        assertThat(result.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(result.requestId()).isEqualTo(id);
        assertThat(text(result)).isEqualTo(
                "{\"errorMessage\":\"Task timed out after 3.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");

        HttpResponse<String> late = post("invocation/" + id + "/response", "\"late\"");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).isEqualTo(INVALID_REQUEST_ID);
        assertThat(post("invocation/" + id + "/error", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void abort_ofAQueuedEvent_keepsItFromTheRuntime() throws Exception {
        RuntimeApiServer.Invocation dropped = api.invoke(InvokeRequest.json(bytes("{\"n\":1}")));
        api.abort("Runtime.ExitError", "Runtime exited with error: exit status 1");
        assertThat(dropped.result().get(5, TimeUnit.SECONDS).errorType()).isEqualTo("Runtime.ExitError");
        api.invoke(InvokeRequest.json(bytes("{\"n\":2}")));
        assertThat(next().body()).isEqualTo("{\"n\":2}");
    }

    @Test
    void close_endsTheOpenInvocation_releasesAWaitingNext_andStopsPromptly() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(get("/2018-06-01/runtime/invocation/next"),
                BodyHandlers.ofString());
        api.initDone().get(5, TimeUnit.SECONDS);
        RuntimeApiServer other = RuntimeApiServer.start(ARN, TIMEOUT_MILLIS);
        RuntimeApiServer.Invocation queued = other.invoke(InvokeRequest.json(bytes("{}")));

        long started = System.nanoTime();
        api.close();
        other.close();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(millis).isLessThan(2000);
        assertThat(waiting).failsWithin(Duration.ofSeconds(5));
        InvokeResult result = queued.result().get(1, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(InvokeResult.Outcome.PLATFORM_ERROR);
        assertThat(result.errorType()).isEqualTo("Sandbox.Failure");
        assertThat(other.initDone()).isCompletedWithValue(false);
        assertThat(other.initError()).isNull();
        assertThatThrownBy(() -> other.invoke(InvokeRequest.json(bytes("{}"))))
                .isInstanceOf(IllegalStateException.class);
    }

    // --- the other APIs -------------------------------------------------------------------------------

    @Test
    void logsAndTelemetry_areStubbedAsTheRieDoes() throws Exception {
        HttpResponse<String> logs = send("PUT", "/2020-08-15/logs", "{}");
        assertThat(logs.statusCode()).isEqualTo(202);
        assertThat(logs.body())
                .isEqualTo("{\"errorMessage\":\"Logs API is not supported\",\"errorType\":\"Logs.NotSupported\"}");
        HttpResponse<String> telemetry = send("PUT", "/2022-07-01/telemetry", "{}");
        assertThat(telemetry.statusCode()).isEqualTo(202);
        assertThat(telemetry.body()).contains("\"errorType\":\"Telemetry.NotSupported\"");
        assertThat(send("GET", "/2020-08-15/logs", null).statusCode()).isEqualTo(405);
    }

    @Test
    void extensions_canRegister_andNeedTheirIdentifierToPoll() throws Exception {
        HttpResponse<String> register = http.send(HttpRequest.newBuilder(uri("/2020-01-01/extension/register"))
                .timeout(Duration.ofSeconds(10)).header("Lambda-Extension-Name", "probe")
                .POST(BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}"))
                .build(), BodyHandlers.ofString());
        assertThat(register.statusCode()).isEqualTo(200);
        String identifier = header(register, "Lambda-Extension-Identifier");
        assertThat(UUID.fromString(identifier).toString()).isEqualTo(identifier);
        assertThat(register.body())
                .isEqualTo("{\"functionName\":\"test_function\",\"functionVersion\":\"$LATEST\",\"handler\":\"\"}");

        HttpResponse<String> missing = send("GET", "/2020-01-01/extension/event/next", null);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("\"errorType\":\"Extension.MissingExtensionIdentifier\"");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(uri("/2020-01-01/extension/event/next"))
                .timeout(Duration.ofSeconds(10)).header("Lambda-Extension-Identifier", UUID.randomUUID().toString())
                .build(), BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).contains("\"errorType\":\"Extension.InvalidExtensionIdentifier\"");

        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                HttpRequest.newBuilder(uri("/2020-01-01/extension/event/next"))
                        .header("Lambda-Extension-Identifier", identifier).build(), BodyHandlers.ofString());
        Thread.sleep(100);
        assertThat(poll).isNotDone();
    }

    @Test
    void unknownPaths_are404_andWrongMethods_are405() throws Exception {
        assertThat(send("GET", "/2018-06-01/runtime/invocation/x/other", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/2018-06-01/runtime/invocation/response", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/nothing", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/2020-01-01/extension/other", null).statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = send("POST", "/2018-06-01/runtime/invocation/next", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(header(wrongMethod, "Allow")).isEqualTo("GET");
        assertThat(send("GET", "/2018-06-01/runtime/invocation/abc/response", null).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/2018-06-01/runtime/init/error", null).statusCode()).isEqualTo(405);
    }

    // --- a runtime's side of HTTP ---------------------------------------------------------------------

    private HttpResponse<String> next() throws Exception {
        return http.send(get("/2018-06-01/runtime/invocation/next"), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String runtimePath, String body, String... headers) throws Exception {
        return post(runtimePath, BodyPublishers.ofString(body), headers);
    }

    private HttpResponse<String> post(String runtimePath, BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/2018-06-01/runtime/" + runtimePath))
                .timeout(Duration.ofSeconds(20)).POST(body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build();
    }

    private URI uri(String path) {
        return URI.create("http://" + api.address() + path);
    }

    private static String requestId(HttpResponse<?> next) {
        assertThat(next.statusCode()).isEqualTo(200);
        return header(next, "Lambda-Runtime-Aws-Request-Id");
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(InvokeResult result) {
        return new String(result.body(), StandardCharsets.UTF_8);
    }
}
