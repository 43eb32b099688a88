package dev.nativepack.core.resolve;

/**
 * Expands $ORIGIN, $LIB and $PLATFORM (also written ${NAME}) as glibc's _dl_dst_substitute does
 * (research/elf.md §2.5): $NAME must not be followed by [A-Za-z0-9_], unknown tokens stay as they
 * are, and an element that needs an origin that cannot be known is dropped (null).
 */
final class DynamicStringTokens {
    private DynamicStringTokens() {
    }

    /** The expanded string, or null when it uses $ORIGIN and {@code origin} is null. */
    static String expand(String s, String origin, String lib, String platform) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 32);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            String rest = s.substring(i + 1);
            int len;
            String value;
            if ((len = tokenLength(rest, "ORIGIN")) > 0) {
                if (origin == null) {
                    return null;
                }
                value = origin;
            } else if ((len = tokenLength(rest, "PLATFORM")) > 0) {
                value = platform;
            } else if ((len = tokenLength(rest, "LIB")) > 0) {
                value = lib;
            } else {
                out.append(c);
                i++;
                continue;
            }
            out.append(value);
            i += 1 + len;
        }
        return out.toString();
    }

    /** Length of "NAME" or "{NAME}" at the start of {@code rest}, or 0 when it is not that token. */
    private static int tokenLength(String rest, String name) {
        if (rest.startsWith("{" + name + "}")) {
            return name.length() + 2;
        }
        if (rest.startsWith(name)) {
            if (rest.length() == name.length()) {
                return name.length();
            }
            char next = rest.charAt(name.length());
            boolean identifier = Character.isLetterOrDigit(next) && next < 128 || next == '_';
            return identifier ? 0 : name.length();
        }
        return 0;
    }
}
