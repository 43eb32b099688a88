package dev.nativepack.core.invoke;

/**
 * Lambda's bandwidth for a streamed response: uncapped for the first 6 MiB, then 2 MiB/s (the
 * quotas page; the runtime interface emulator's ResponseBandwidthBurstSize and
 * ResponseBandwidthRate, research/lambda.md §3.4). A runtime that writes faster is held back, as
 * Lambda holds it back by reading its stream no faster, so a response that could not be sent within
 * the function's timeout there cannot be here either.
 */
final class StreamBandwidth {
    static final long RATE_BYTES_PER_SECOND = 2L << 20;
    static final long BURST_BYTES = 6L << 20;
    /** The longest single wait, so that an invocation that ends meanwhile (a timeout) is noticed. */
    private static final long MAX_WAIT_NANOS = 100_000_000L;

    private final long rate;
    private final long burst;
    private final long start;

    StreamBandwidth() {
        this(RATE_BYTES_PER_SECOND, BURST_BYTES, System.nanoTime());
    }

    StreamBandwidth(long rateBytesPerSecond, long burstBytes, long startNanos) {
        this.rate = rateBytesPerSecond;
        this.burst = burstBytes;
        this.start = startNanos;
    }

    /** How long to wait, at {@code nowNanos}, before reading past {@code total} bytes; 0 when they were allowed. */
    long delayNanos(long total, long nowNanos) {
        if (total <= burst) {
            return 0;
        }
        long due = start + (long) ((total - burst) * 1e9 / rate);
        return Math.max(0, due - nowNanos);
    }

    /**
     * Waits until {@code total} bytes are allowed, or the invocation has ended.
     *
     * @return false when interrupted
     */
    boolean await(long total, PendingInvocation invocation) {
        long delay;
        while ((delay = delayNanos(total, System.nanoTime())) > 0 && !invocation.result.isDone()) {
            try {
                long wait = Math.min(delay, MAX_WAIT_NANOS);
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
