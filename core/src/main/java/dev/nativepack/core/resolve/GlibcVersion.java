package dev.nativepack.core.resolve;

/** Compares dotted version numbers numerically (2.9 < 2.14), as symbol versions need. */
public final class GlibcVersion {
    private GlibcVersion() {
    }

    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? number(x[i]) : 0;
            long q = i < y.length ? number(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long number(String s) {
        long v = 0;
        for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)) && i < 18; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
