package dev.nativepack.core.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** PRETTY_NAME from a root's os-release (os-release(5): /etc/os-release, else /usr/lib/os-release). */
final class OsRelease {
    private OsRelease() {
    }

    /** The PRETTY_NAME value, or null when the root has no os-release or it names none. */
    static String prettyName(RootPaths root) {
        for (String candidate : List.of("/etc/os-release", "/usr/lib/os-release")) {
            try {
                Path file = root.host(root.canonical(candidate));
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("PRETTY_NAME=")) {
                        String value = unquote(line.substring("PRETTY_NAME=".length()).trim());
                        return value.isEmpty() ? null : value;
                    }
                }
                return null;
            } catch (IOException e) {
                // An unreadable os-release only costs the description.
            }
        }
        return null;
    }

    /** The file uses shell quoting: strip one pair of quotes and undo backslash escapes in double quotes. */
    static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            String inner = value.substring(1, value.length() - 1);
            StringBuilder out = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
