package dev.nativepack.core.invoke;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A client connection that writes requests byte for byte and reads replies as sent, header names in
 * their case included: what a test needs to send what HttpClient will not (trailers, broken framing)
 * and to see what it hides (letter case, the connection being kept or closed).
 */
final class RawHttpConnection implements AutoCloseable {
    /** A reply: its status line, its header lines as sent, and its body. */
    record Reply(String statusLine, List<String> headerLines, byte[] body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;

    RawHttpConnection(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    RawHttpConnection write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    RawHttpConnection write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one reply; its body by Content-Length (the server always sends one). */
    Reply read() throws IOException {
        String status = line();
        List<String> headers = new ArrayList<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            headers.add(line);
        }
        Reply head = new Reply(status, headers, new byte[0]);
        String length = head.header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Reply(status, headers, body);
    }

    /** Whether the server closed the connection (reads end-of-stream within the socket timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException reset) {
            return reset.getMessage() != null && reset.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    /** Tells the server nothing more will come, as a client that sent its whole request does. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads whatever the server sends until it closes; fails if it neither answers nor closes in time. */
    void drainUntilClosed() throws IOException {
        while (in.read() >= 0) {
            // a reply, if any
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the server closed the connection; read so far: " + line);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r")) {
            throw new IOException("a line of the reply does not end in CRLF: " + text);
        }
        return text.substring(0, text.length() - 1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
