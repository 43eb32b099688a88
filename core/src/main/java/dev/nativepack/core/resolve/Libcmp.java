package dev.nativepack.core.resolve;

/**
 * glibc's {@code _dl_cache_libcmp} (elf/dl-cache.c), the order of ld.so.cache entries: runs of
 * decimal digits compare by numeric value (kept in an int, wrapping as C does), a digit sorts after
 * a non-digit, other bytes compare as they are. Strings are NUL-terminated byte runs.
 */
final class Libcmp {
    private Libcmp() {
    }

    static int compare(byte[] a, int p1, byte[] b, int p2) {
        while (at(a, p1) != 0) {
            int c1 = at(a, p1);
            int c2 = at(b, p2);
            if (isDigit(c1)) {
                if (!isDigit(c2)) {
                    return 1;
                }
                int val1 = 0;
                int val2 = 0;
                while (isDigit(at(a, p1))) {
                    val1 = val1 * 10 + at(a, p1++) - '0';
                }
                while (isDigit(at(b, p2))) {
                    val2 = val2 * 10 + at(b, p2++) - '0';
                }
                if (val1 != val2) {
                    return val1 - val2;
                }
            } else if (isDigit(c2)) {
                return -1;
            } else if (c1 != c2) {
                return c1 - c2;
            } else {
                p1++;
                p2++;
            }
        }
        return at(a, p1) - at(b, p2);
    }

    /** A byte as C's (signed) char; past the end counts as the terminating NUL. */
    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
