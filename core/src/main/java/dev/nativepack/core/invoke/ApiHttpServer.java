package dev.nativepack.core.invoke;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * A small HTTP/1.1 server for the Runtime API: persistent connections, one thread each (a
 * {@code /next} holds its thread until an event comes), Content-Length and chunked request bodies
 * with their trailers, {@code Expect: 100-continue}, and replies whose header names keep the case
 * they were set in.
 *
 * <p>Not the JDK's {@code com.sun.net.httpserver}, which the invoke endpoint of {@code serve} uses:
 * that server cannot read request trailers, where a streaming runtime reports an error after its
 * response has begun (research/lambda.md §3.4), and it rewrites header names to
 * {@code Lambda-runtime-aws-request-id}, which a runtime matching names exactly would miss.
 */
final class ApiHttpServer implements AutoCloseable {
    /** Handles one exchange; an exchange left without a reply ends its connection. */
    interface Handler {
        void handle(ApiExchange exchange) throws IOException;
    }

    private final ServerSocket socket;
    private final ExecutorService executor;
    private final List<Map.Entry<String, Handler>> routes;
    private final Handler fallback;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ApiHttpServer(ServerSocket socket, ExecutorService executor, List<Map.Entry<String, Handler>> routes,
                          Handler fallback) {
        this.socket = socket;
        this.executor = executor;
        this.routes = routes;
        this.fallback = fallback;
    }

    /**
     * Listens on {@code address} at a free port and serves on {@code executor}, which must be able to
     * run one task per open connection plus one that accepts them.
     *
     * @param routes   handlers by path prefix; the longest matching prefix wins
     * @param fallback what handles a path no prefix matches
     */
    static ApiHttpServer start(InetAddress address, Map<String, Handler> routes, Handler fallback,
                               ExecutorService executor) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0), 64);
        List<Map.Entry<String, Handler>> byLength = new ArrayList<>(routes.entrySet());
        byLength.sort(Comparator.comparingInt((Map.Entry<String, Handler> route) -> route.getKey().length()).reversed());
        ApiHttpServer server = new ApiHttpServer(socket, executor, List.copyOf(byLength), fallback);
        executor.execute(server::acceptLoop);
        return server;
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.add(connection);
            if (closed) {
                closeQuietly(connection);
                return;
            }
            try {
                executor.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                closeQuietly(connection);
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try {
            connection.setTcpNoDelay(true);
            HttpInput input = new HttpInput(new BufferedInputStream(connection.getInputStream(), 16 * 1024));
            OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 16 * 1024);
            while (!closed) {
                ApiExchange exchange;
                try {
                    exchange = readRequest(input, out);
                } catch (HttpInput.BadRequest bad) {
                    refuse(out, bad);
                    return;
                }
                if (exchange == null) {
                    return;
                }
                dispatch(exchange);
                if (!exchange.replied() || exchange.closesConnection()) {
                    return;
                }
            }
        } catch (IOException e) {
            // The runtime hung up or sent something that ends the connection; there is no one to answer.
        } finally {
            connections.remove(connection);
            closeQuietly(connection);
        }
    }

    private void dispatch(ApiExchange exchange) throws IOException {
        Handler handler = fallback;
        for (Map.Entry<String, Handler> route : routes) {
            if (exchange.rawPath().startsWith(route.getKey())) {
                handler = route.getValue();
                break;
            }
        }
        try {
            handler.handle(exchange);
        } catch (RuntimeException e) {
            if (!exchange.replied()) {
                exchange.reply(500, JsonText.error("ServiceException", "Internal error: " + e));
            }
        }
    }

    /** Reads a request line and header fields; null at a clean end of the connection. */
    private static ApiExchange readRequest(HttpInput input, OutputStream out) throws IOException {
        String line = input.readLine();
        while (line != null && line.isEmpty()) {
            line = input.readLine(); // RFC 9112 §2.2: empty lines before a request are ignored
        }
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !HttpInput.isToken(parts[0], parts[0].length())) {
            throw new HttpInput.BadRequest(400, "malformed request line: " + HttpInput.printable(line));
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpInput.BadRequest(505, "unsupported protocol version: " + HttpInput.printable(version));
        }
        HeaderFields headers = input.readFields();
        String connection = String.valueOf(headers.first("Connection")).toLowerCase(Locale.ROOT);
        boolean close = version.equals("HTTP/1.0") ? !connection.contains("keep-alive") : connection.contains("close");
        RequestBody.BeforeFirstRead beforeFirstRead = continueSignal(headers, version, out);
        RequestBody body;
        List<String> encodings = headers.all("Transfer-Encoding");
        if (!encodings.isEmpty()) {
            String last = encodings.get(encodings.size() - 1);
            String coding = last.substring(last.lastIndexOf(',') + 1).strip();
            if (!coding.equalsIgnoreCase("chunked")) {
                throw new HttpInput.BadRequest(501, "unsupported transfer coding: " + HttpInput.printable(last));
            }
            // RFC 9112 §6.3: with both, Transfer-Encoding wins and the connection is not reused.
            close |= headers.contains("Content-Length");
            body = RequestBody.chunked(input, beforeFirstRead);
        } else {
            body = RequestBody.fixed(input, contentLength(headers), beforeFirstRead);
        }
        return new ApiExchange(parts[0], path(parts[1]), headers, body, out, close);
    }

    /** A {@code 100 Continue} sent when the handler starts reading a body the client holds back until asked. */
    private static RequestBody.BeforeFirstRead continueSignal(HeaderFields headers, String version, OutputStream out)
            throws HttpInput.BadRequest {
        String expect = headers.first("Expect");
        if (expect == null || version.equals("HTTP/1.0")) {
            return null;
        }
        if (!expect.equalsIgnoreCase("100-continue")) {
            throw new HttpInput.BadRequest(417, "unsupported expectation: " + HttpInput.printable(expect));
        }
        return () -> {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        };
    }

    private static long contentLength(HeaderFields headers) throws HttpInput.BadRequest {
        List<String> values = headers.all("Content-Length");
        if (values.isEmpty()) {
            return 0;
        }
        long length = -1;
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                long parsed = decimal(item.strip());
                if (parsed < 0 || (length >= 0 && parsed != length)) {
                    throw new HttpInput.BadRequest(400, "invalid Content-Length: " + HttpInput.printable(value));
                }
                length = parsed;
            }
        }
        return length;
    }

    private static long decimal(String text) {
        if (text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The path of an origin-form or absolute-form request target, without its query. */
    private static String path(String target) {
        String path = target;
        int scheme = path.indexOf("://");
        if (scheme > 0 && !path.startsWith("/")) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static void refuse(OutputStream out, HttpInput.BadRequest bad) {
        try {
            byte[] content = JsonText.error("InvalidRequest", bad.getMessage());
            String head = "HTTP/1.1 " + bad.status + " " + ApiExchange.reason(bad.status) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + content.length
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
        } catch (IOException e) {
            // Nobody is listening.
        }
    }

    /** Stops accepting and closes every connection, which ends the handlers blocked reading them. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is best effort.
        }
    }
}
