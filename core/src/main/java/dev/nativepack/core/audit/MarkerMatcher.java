package dev.nativepack.core.audit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds ASCII markers in bytes in one pass: only where the first two bytes of some marker occur is
 * anything compared, so megabytes of string tables and read-only data cost milliseconds.
 */
final class MarkerMatcher {
    private final List<String> markers;
    private final boolean[] starts = new boolean[1 << 16];

    MarkerMatcher(List<String> markers, String source) {
        this.markers = List.copyOf(markers);
        for (String m : this.markers) {
            if (m.length() < 2 || !isAscii(m)) {
                throw new IllegalStateException(source + ": marker \"" + m + "\" must be ASCII, 2 bytes or more");
            }
            starts[m.charAt(0) << 8 | m.charAt(1)] = true;
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == 0 || s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** The markers anywhere in {@code data[0, length)}. */
    Set<String> find(byte[] data, int length) {
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i + 1 < length; i++) {
            if (starts[(data[i] & 0xff) << 8 | (data[i + 1] & 0xff)]) {
                compare(data, length, i, false, found);
            }
        }
        return found;
    }

    /**
     * The markers that are whole names of a string table (.dynstr, .strtab): from a name's start
     * to its NUL or to the '@' of a version. Only name starts are compared.
     */
    Set<String> findNames(byte[] data, int length) {
        Set<String> found = new LinkedHashSet<>();
        int i = 0;
        while (i + 1 < length) {
            if (starts[(data[i] & 0xff) << 8 | (data[i + 1] & 0xff)]) {
                compare(data, length, i, true, found);
            }
            while (i < length && data[i] != 0) {
                i++;
            }
            i++;
        }
        return found;
    }

    private void compare(byte[] data, int length, int i, boolean wholeName, Set<String> found) {
        for (String m : markers) {
            int end = i + m.length();
            if (!found.contains(m) && at(data, length, i, m)
                    && (!wholeName || end == length || data[end] == 0 || data[end] == '@')) {
                found.add(m);
            }
        }
    }

    private static boolean at(byte[] data, int length, int i, String marker) {
        if (length - i < marker.length()) {
            return false;
        }
        for (int j = 0; j < marker.length(); j++) {
            if (data[i + j] != (byte) marker.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
