package dev.nativepack.core.invoke;

import java.nio.charset.StandardCharsets;

/**
 * Writes the Runtime API's small JSON bodies by hand: they are few and fixed in shape, and they sit
 * on the path of every invocation, where a data-binding round trip would cost more than the HTTP.
 */
final class JsonText {
    /** The body of every 202 (research/lambda.md §3.1). */
    static final byte[] STATUS_OK = ascii("{\"status\":\"OK\"}");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Lambda's error shape, {@code {"errorMessage":..,"errorType":..}}, as UTF-8. */
    static byte[] error(String errorType, String errorMessage) {
        StringBuilder b = new StringBuilder(errorMessage.length() + errorType.length() + 32);
        b.append("{\"errorMessage\":");
        quote(b, errorMessage);
        b.append(",\"errorType\":");
        quote(b, errorType);
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(b, s);
        return b.toString();
    }

    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
