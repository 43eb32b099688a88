package dev.nativepack.bench;

import dev.nativepack.core.invoke.InvokeRequest;
import dev.nativepack.core.invoke.InvokeResult;
import dev.nativepack.core.invoke.RuntimeApiServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The emulator's share of a warm invocation, in process: an event queued, fetched by a runtime's
 * {@code /next} and answered by its {@code /response} on one kept-alive loopback connection, and the
 * result taken. The runtime is a minimal client on a raw socket, so that what is timed is the API
 * and the loopback, not an HTTP client library.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class RuntimeApiBenchmark {
    private static final byte[] EVENT = "{\"n\":1}".getBytes(StandardCharsets.US_ASCII);
    private static final String NEXT = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private RuntimeApiServer api;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        api = RuntimeApiServer.start("arn:aws:lambda:us-east-1:012345678912:function:bench", 60_000);
        String address = api.address();
        socket = new Socket("127.0.0.1", Integer.parseInt(address.substring(address.indexOf(':') + 1)));
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        socket.close();
        api.close();
    }

    @Benchmark
    public InvokeResult warmRoundTrip() throws Exception {
        RuntimeApiServer.Invocation invocation = api.invoke(InvokeRequest.json(EVENT));
        out.write(NEXT.getBytes(StandardCharsets.US_ASCII));
        String requestId = readReply("Lambda-Runtime-Aws-Request-Id");
        out.write(("POST /2018-06-01/runtime/invocation/" + requestId + "/response HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
        readReply(null);
        return invocation.result().get(10, TimeUnit.SECONDS);
    }

    /** Reads one reply, its body by Content-Length, and returns the value of {@code header} (or null). */
    private String readReply(String header) throws IOException {
        String wanted = null;
        int length = 0;
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            if (header != null && name.equalsIgnoreCase(header)) {
                wanted = line.substring(colon + 1).strip();
            } else if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).strip());
            }
        }
        in.readNBytes(length);
        return wanted;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the API closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
