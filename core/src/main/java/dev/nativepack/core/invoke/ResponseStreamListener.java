package dev.nativepack.core.invoke;

import java.io.IOException;

/**
 * Receives a streamed response as the runtime sends it (research/lambda.md §3.4), so that a caller
 * can pass it on chunk by chunk instead of waiting for its end. Called on the API's thread, in
 * order, and never after the invocation's result is complete. An exception stops the calls (the
 * caller went away); the runtime's stream is still read to its end.
 */
public interface ResponseStreamListener {
    /** The runtime began a streamed response of this content type to invocation {@code requestId}. */
    void begin(String requestId, String contentType) throws IOException;

    /** The next bytes of the response. */
    void write(byte[] bytes, int offset, int length) throws IOException;
}
