package dev.nativepack.core.report;

/** Byte counts for people: 812 bytes, 14.2 KiB, 37.9 MiB. */
public final class Sizes {
    private Sizes() {
    }

    public static String of(long n) {
        if (n >= 1L << 20) {
            return tenths(n * 10 / (1L << 20)) + " MiB";
        }
        if (n >= 1L << 10) {
            return tenths(n * 10 / (1L << 10)) + " KiB";
        }
        return n + " bytes";
    }

    private static String tenths(long t) {
        return t / 10 + "." + t % 10;
    }
}
