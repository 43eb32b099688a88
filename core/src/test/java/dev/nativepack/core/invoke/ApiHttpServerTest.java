package dev.nativepack.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Runtime API's HTTP/1.1 layer on its own, behind a handler that echoes what it read: framing,
 * persistent connections, trailers, 100-continue, and what it does with requests it cannot take.
 */
class ApiHttpServerTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private ApiHttpServer server;
    private String address;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        ApiHttpServer.Handler echo = exchange -> {
            byte[] body = exchange.requestBody().readAllBytes();
            HeaderFields trailers = exchange.requestBody().trailers();
            exchange.responseHeaders().set("X-Method-And-Path", exchange.method() + " " + exchange.rawPath());
            exchange.responseHeaders().set("Lambda-Runtime-Aws-Request-Id", "kept-in-case");
            for (int i = 0; i < trailers.size(); i++) {
                exchange.responseHeaders().add("X-Trailer", trailers.name(i) + "=" + trailers.value(i));
            }
            exchange.reply(200, body);
        };
        ApiHttpServer.Handler refuseUnread = exchange -> exchange.reply(403, "refused".getBytes(StandardCharsets.UTF_8));
        server = ApiHttpServer.start(InetAddress.getLoopbackAddress(), Map.of("/echo", echo, "/refuse", refuseUnread),
                exchange -> exchange.reply(404, new byte[0]), executor);
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void headerNames_goOutInTheCaseTheyWereSet() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            RawHttpConnection.Reply reply = client.write("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(reply.headerLines()).contains("Lambda-Runtime-Aws-Request-Id: kept-in-case",
                    "X-Method-And-Path: GET /echo", "Content-Length: 0");
            assertThat(reply.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        }
    }

    @Test
    void aConnectionIsKeptForManyRequests_evenPipelined() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.write("POST /echo/" + i + " HTTP/1.1\r\nContent-Length: 3\r\n\r\nab" + i).read().text())
                        .isEqualTo("ab" + i);
            }
            client.write("POST /echo/a HTTP/1.1\r\nContent-Length: 1\r\n\r\nA"
                    + "POST /echo/b?query=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nB\r\n0\r\n\r\n");
            RawHttpConnection.Reply first = client.read();
            RawHttpConnection.Reply second = client.read();
            assertThat(first.text()).isEqualTo("A");
            assertThat(second.header("X-Method-And-Path")).isEqualTo("POST /echo/b");
            assertThat(second.text()).isEqualTo("B");
        }
    }

    @Test
    void chunkedBodies_keepTheirTrailers_andBareLineFeedsAreTaken() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            RawHttpConnection.Reply reply = client.write("POST /echo HTTP/1.1\nTransfer-Encoding: chunked\n\n"
                    + "A;name=value\nhello, wor\n2\nld\n0\nLambda-Runtime-Function-Error-Type: Runtime.X\n"
                    + "Other: two words \n\n").read();
            assertThat(reply.text()).isEqualTo("hello, world");
            assertThat(reply.headerLines()).contains("X-Trailer: Lambda-Runtime-Function-Error-Type=Runtime.X",
                    "X-Trailer: Other=two words");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.0 without keep-alive", "Connection: close"})
    void theConnectionEndsWhenTheClientAsks(String how) throws IOException {
        String request = how.startsWith("HTTP/1.0") ? "GET /echo HTTP/1.0\r\n\r\n"
                : "GET /echo HTTP/1.1\r\nConnection: close\r\n\r\n";
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            RawHttpConnection.Reply reply = client.write(request).read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Connection")).isEqualTo("close");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyTheHandlerLeftUnread_isDropped_andTheConnectionKept() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            assertThat(client.write("POST /refuse HTTP/1.1\r\nContent-Length: 5\r\n\r\nxxxxx").read().status())
                    .isEqualTo(403);
            assertThat(client.write("POST /echo HTTP/1.1\r\nContent-Length: 2\r\n\r\nok").read().text()).isEqualTo("ok");
        }
    }

    /** A client waiting for 100 Continue must not be asked when the reply does not need the body. */
    @Test
    void expectContinue_isAnsweredOnlyWhenTheBodyIsRead() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            RawHttpConnection.Reply refused = client.write("POST /refuse HTTP/1.1\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n").read();
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Connection")).isEqualTo("close");
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            client.write("POST /echo HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttpConnection.Reply interim = client.read();
            assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(client.write("hello").read().text()).isEqualTo("hello");
        }
    }

    /** curl holds back a large body until 100 Continue: a real client's view of the same rule. */
    @Test
    void curl_sendsALargeBodyAfter100Continue() throws Exception {
        byte[] payload = new byte[3 << 20];
        new Random(7).nextBytes(payload);
        Path file = Files.write(dir.resolve("payload"), payload);
        Path received = dir.resolve("received");
        Process curl = new ProcessBuilder("curl", "-sS", "--fail", "-H", "Expect: 100-continue", "--data-binary",
                "@" + file, "-o", received.toString(), "-w", "%{http_code}", "http://" + address + "/echo")
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("200");
        assertThat(Files.readAllBytes(received)).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GARBAGE\r\n\r\n|400",
        "GET /echo HTTP/2.0\r\n\r\n|505",
        "GET /echo HTTP/1.1\r\nNo colon here\r\n\r\n|400",
        "GET /echo HTTP/1.1\r\n folded: line\r\n\r\n|400",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n|501",
        "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd|400",
        "POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n|400",
        "POST /echo HTTP/1.1\r\nExpect: something-else\r\n\r\n|417",
    })
    void aRequestItCannotTake_isAnsweredAndTheConnectionClosed(String requestAndStatus) throws IOException {
        String[] parts = requestAndStatus.split("\\|");
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            RawHttpConnection.Reply reply = client.write(parts[0]).read();
            assertThat(reply.status()).isEqualTo(Integer.parseInt(parts[1]));
            assertThat(reply.header("Connection")).isEqualTo("close");
            assertThat(reply.text()).startsWith("{\"errorMessage\":");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aLineLongerThanTheLimit_is431() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            RawHttpConnection.Reply reply = client.write("GET /echo HTTP/1.1\r\nX-Long: "
                    + "a".repeat(HttpInput.MAX_LINE) + "\r\n\r\n").read();
            assertThat(reply.status()).isEqualTo(431);
        }
    }

    @Test
    void aBrokenChunk_endsTheConnection() throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            client.write("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    /**
     * Seeded random damage to a valid request: every connection gets an answer or is closed within
     * the socket timeout (no hang), and the server still serves a valid request afterwards.
     */
    @Test
    void randomlyDamagedRequests_neverHangTheServer() throws IOException {
        long seed = 20261206L;
        Random random = new Random(seed);
        byte[] valid = ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Trailer: A\r\n\r\n5\r\nhello\r\n0\r\nA: b\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 200; round++) {
            byte[] damaged = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            int cut = random.nextInt(4) == 0 ? random.nextInt(damaged.length) : damaged.length;
            try (RawHttpConnection client = new RawHttpConnection(address)) {
                client.write(java.util.Arrays.copyOf(damaged, cut));
                client.shutdownOutput();
                client.drainUntilClosed();
            } catch (IOException e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + e, e);
            }
        }
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            assertThat(client.write("POST /echo HTTP/1.1\r\nContent-Length: 2\r\n\r\nok").read().text()).isEqualTo("ok");
        }
    }

    @Test
    void close_endsOpenConnections() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(address)) {
            client.write("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nhalf");
            Thread.sleep(50);
            server.close();
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
