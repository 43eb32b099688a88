package dev.nativepack.core.invoke;

import java.io.ByteArrayOutputStream;

/**
 * Passes a streamed response to the invocation's listener, or collects it when there is none. The
 * listener hears nothing once the invocation has ended (a timeout) or once it has thrown (its caller
 * went away); the stream is still read to its end, as the runtime expects.
 */
final class StreamForwarder {
    private static final byte[] NOTHING = new byte[0];

    private final PendingInvocation invocation;
    private ResponseStreamListener listener;
    private final ByteArrayOutputStream collected;

    StreamForwarder(PendingInvocation invocation) {
        this.invocation = invocation;
        this.listener = invocation.streamListener;
        this.collected = listener == null ? new ByteArrayOutputStream() : null;
    }

    void begin(String contentType) {
        if (listening()) {
            try {
                listener.begin(invocation.requestId, contentType);
            } catch (Exception e) {
                listener = null;
            }
        }
    }

    void write(byte[] bytes, int length) {
        if (collected != null) {
            collected.write(bytes, 0, length);
        } else if (listening()) {
            try {
                listener.write(bytes, 0, length);
            } catch (Exception e) {
                listener = null;
            }
        }
    }

    /** What was collected, or nothing when a listener took the stream. */
    byte[] collected() {
        return collected == null ? NOTHING : collected.toByteArray();
    }

    private boolean listening() {
        return listener != null && !invocation.result.isDone();
    }
}
