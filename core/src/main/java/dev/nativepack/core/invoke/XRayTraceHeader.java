package dev.nativepack.core.invoke;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A trace header for an invocation whose caller gave none, in X-Ray's format:
 * {@code Root=1-<epoch seconds, 8 hex>-<96 random bits>;Parent=<64 random bits>;Sampled=0}. Unsampled,
 * because nothing locally collects the segments.
 */
final class XRayTraceHeader {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private XRayTraceHeader() {
    }

    static String generate(long epochMillis) {
        // Trace ids identify, they do not protect: a fast non-cryptographic source is enough.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(70).append("Root=1-");
        hex(b, epochMillis / 1000, 8);
        b.append('-');
        hex(b, random.nextInt(), 8);
        hex(b, random.nextLong(), 16);
        b.append(";Parent=");
        hex(b, random.nextLong(), 16);
        return b.append(";Sampled=0").toString();
    }

    private static void hex(StringBuilder b, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(int) (value >>> shift) & 0xF]);
        }
    }
}
