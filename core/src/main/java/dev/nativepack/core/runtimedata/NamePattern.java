package dev.nativepack.core.runtimedata;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soname or file-name pattern of the data table: '*' matches any run of characters, and
 * {@code {version}} a dotted version ({@code 3.11}), which the entry's paths can then use.
 */
final class NamePattern {
    static final String VERSION = "{version}";

    private final String text;
    /** What every matching name starts with: most names are turned away by it, without the regex. */
    private final String prefix;
    private final Pattern regex;

    NamePattern(String text) {
        this.text = text;
        int wild = text.indexOf('*');
        int version = text.indexOf(VERSION);
        int end = wild < 0 ? version : version < 0 ? wild : Math.min(wild, version);
        this.prefix = end < 0 ? text : text.substring(0, end);
        StringBuilder r = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(VERSION, i)) {
                r.append("([0-9]+(?:\\.[0-9]+)+)");
                i += VERSION.length();
            } else if (text.charAt(i) == '*') {
                r.append(".*");
                i++;
            } else {
                r.append(Pattern.quote(String.valueOf(text.charAt(i))));
                i++;
            }
        }
        this.regex = Pattern.compile(r.toString());
    }

    /** The version matched ("" when the pattern has none), or null when the name does not match. */
    String match(String name) {
        if (!name.startsWith(prefix)) {
            return null;
        }
        Matcher m = regex.matcher(name);
        if (!m.matches()) {
            return null;
        }
        return m.groupCount() > 0 ? m.group(1) : "";
    }

    @Override
    public String toString() {
        return text;
    }
}
