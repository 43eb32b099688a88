package dev.nativepack.core.resolve;

/**
 * The equality of glibc's {@code _dl_cache_libcmp} (elf/dl-cache.c), which ld.so uses to find the
 * cache entries of a name: runs of decimal digits compare by their numeric value, so "libx.so.01"
 * finds the entries of "libx.so.1". Two names get the same key exactly when libcmp calls them equal.
 */
final class LibcmpKey {
    private LibcmpKey() {
    }

    static String of(String name) {
        int n = name.length();
        int i = 0;
        while (i < n && !needsRewrite(name, i)) {
            i++;
        }
        if (i == n) {
            return name; // the common case: no leading zeros, no long digit runs
        }
        StringBuilder sb = new StringBuilder(n + 8);
        int p = 0;
        while (p < n) {
            char c = name.charAt(p);
            if (!isDigit(c)) {
                sb.append(c);
                p++;
                continue;
            }
            // glibc accumulates each run in an int; keep its wrap-around so very long runs compare
            // as ld.so compares them. The canonical spelling of a run is that int, unsigned, in
            // decimal: it is still a digit run and equals the original for ordinary runs.
            int value = 0;
            while (p < n && isDigit(name.charAt(p))) {
                value = value * 10 + (name.charAt(p) - '0');
                p++;
            }
            sb.append(Integer.toUnsignedString(value));
        }
        return sb.toString();
    }

    /** True at the start of a digit run that a plain string comparison would get wrong. */
    private static boolean needsRewrite(String s, int i) {
        if (!isDigit(s.charAt(i)) || (i > 0 && isDigit(s.charAt(i - 1)))) {
            return false;
        }
        int end = i;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return (s.charAt(i) == '0' && end - i > 1) || end - i > 9;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
