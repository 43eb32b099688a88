package dev.nativepack.core.invoke;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body on a kept-alive connection: a fixed length, or chunked (RFC 9112 §7.1) with its
 * trailer fields, which the JDK's own server cannot read and Lambda's streaming runtimes use to
 * report an error after the response has begun.
 */
final class RequestBody extends InputStream {
    /** What is done before the body's first byte is read: a {@code 100 Continue}, when the client waits for one. */
    interface BeforeFirstRead {
        void run() throws IOException;
    }

    private static final long MAX_CHUNK = 1L << 40;

    private final HttpInput input;
    private final InputStream in;
    private final boolean chunked;
    private final long declaredLength;
    private BeforeFirstRead beforeFirstRead;
    /** Bytes left in the body (fixed length) or in the current chunk (chunked). */
    private long remaining;
    private boolean inChunk;
    private long read;
    private boolean ended;
    private HeaderFields trailers = new HeaderFields();

    private RequestBody(HttpInput input, boolean chunked, long declaredLength, BeforeFirstRead beforeFirstRead) {
        this.input = input;
        this.in = input.stream();
        this.chunked = chunked;
        this.declaredLength = declaredLength;
        this.remaining = chunked ? 0 : declaredLength;
        this.beforeFirstRead = beforeFirstRead;
        this.ended = !chunked && declaredLength == 0;
    }

    static RequestBody fixed(HttpInput input, long length, BeforeFirstRead beforeFirstRead) {
        return new RequestBody(input, false, length, beforeFirstRead);
    }

    static RequestBody chunked(HttpInput input, BeforeFirstRead beforeFirstRead) {
        return new RequestBody(input, true, -1, beforeFirstRead);
    }

    /** The Content-Length, or -1 for a chunked body. */
    long declaredLength() {
        return declaredLength;
    }

    /** Whether the body has been read to its end (its trailers included), so the connection can be reused. */
    boolean ended() {
        return ended;
    }

    /** Whether the client was already asked for the body, or sent it without waiting to be asked. */
    boolean started() {
        return beforeFirstRead == null;
    }

    /** The trailer fields of a chunked body; empty until the body has been read to its end. */
    HeaderFields trailers() {
        return trailers;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        if (beforeFirstRead != null) {
            BeforeFirstRead signal = beforeFirstRead;
            beforeFirstRead = null;
            signal.run();
        }
        if (chunked && remaining == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new EOFException(chunked ? "the connection closed inside a chunk"
                    : "the body ended after " + read + " of " + declaredLength + " bytes");
        }
        remaining -= n;
        read += n;
        if (!chunked && remaining == 0) {
            ended = true;
        }
        return n;
    }

    /** Reads the next chunk's size line; at the last chunk, reads the trailers and ends the body. */
    private boolean nextChunk() throws IOException {
        if (inChunk) {
            String end = input.readLine();
            if (end == null || !end.isEmpty()) {
                throw new HttpInput.BadRequest(400, "a chunk does not end where its size says");
            }
        }
        String line = input.readLine();
        if (line == null) {
            throw new EOFException("the connection closed before the last chunk");
        }
        long size = chunkSize(line);
        if (size == 0) {
            trailers = input.readFields();
            ended = true;
            return false;
        }
        remaining = size;
        inChunk = true;
        return true;
    }

    /** The size of a chunk-size line, extensions ignored (RFC 9112 §7.1.1). */
    private static long chunkSize(String line) throws HttpInput.BadRequest {
        int extensions = line.indexOf(';');
        String hex = (extensions < 0 ? line : line.substring(0, extensions)).strip();
        long size = 0;
        if (hex.isEmpty()) {
            throw new HttpInput.BadRequest(400, "a chunk has no size");
        }
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw new HttpInput.BadRequest(400, "malformed chunk size: " + HttpInput.printable(line));
            }
            size = size * 16 + digit;
            if (size > MAX_CHUNK) {
                throw new HttpInput.BadRequest(400, "a chunk of more than 1 TiB: " + HttpInput.printable(line));
            }
        }
        return size;
    }
}
