package dev.nativepack.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamBandwidthTest {
    private static final long MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstSixMebibytesAreUncapped_thenTwoMebibytesASecond() {
        StreamBandwidth b = new StreamBandwidth(2 * MIB, 6 * MIB, 0);

        assertThat(b.delayNanos(6 * MIB, 0)).isZero();
        assertThat(b.delayNanos(7 * MIB, 0)).isEqualTo(SECOND / 2);
        assertThat(b.delayNanos(10 * MIB, 0)).isEqualTo(2 * SECOND);
        // Time already spent counts: a runtime that wrote slowly is not held back.
        assertThat(b.delayNanos(10 * MIB, SECOND)).isEqualTo(SECOND);
        assertThat(b.delayNanos(10 * MIB, 3 * SECOND)).isZero();
    }

    @Test
    void theDefaultsAreLambdas() {
        assertThat(StreamBandwidth.RATE_BYTES_PER_SECOND).isEqualTo(2 * MIB);
        assertThat(StreamBandwidth.BURST_BYTES).isEqualTo(6 * MIB);
    }
}
