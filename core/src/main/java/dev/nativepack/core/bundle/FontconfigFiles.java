package dev.nativepack.core.bundle;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fontconfig's configuration files (fonts.conf, conf.d) rewritten for a bundle: a font directory
 * named by absolute path that the bundle brings becomes {@code <dir prefix="relative">}, relative
 * to the file that names it (fontconfig 2.13.1 and later), so it is found wherever the bundle is
 * unpacked; a cache directory named by absolute path (/var/cache/fontconfig) becomes a writable
 * one. Everything else is kept byte for byte: comments, user directories ({@code ~/.fonts} and
 * {@code prefix="xdg"}, which a function's home does not hold), directories the bundle does not bring
 * (the target's own, if it has any).
 */
final class FontconfigFiles {
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern ELEMENT = Pattern.compile("<(dir|cachedir)(\\s[^>]*)?>([^<]*)</\\1\\s*>");
    private static final Pattern PREFIX = Pattern.compile("\\sprefix\\s*=");

    private FontconfigFiles() {
    }

    /**
     * @param text  the file as this machine has it
     * @param file  its path in the bundle ({@code etc/fonts/fonts.conf})
     * @param moved absolute paths the file may name ({@code /usr/share/fonts}) -> where the bundle
     *              puts them ({@code share/fonts})
     * @param cache the absolute path the cache moves to ({@code /tmp/fontconfig})
     */
    static String rewrite(String text, String file, Map<String, String> moved, String cache) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher comment = COMMENT.matcher(text);
        int at = 0;
        while (comment.find()) {
            out.append(elements(text.substring(at, comment.start()), file, moved, cache)).append(comment.group());
            at = comment.end();
        }
        return out.append(elements(text.substring(at), file, moved, cache)).toString();
    }

    private static String elements(String text, String file, Map<String, String> moved, String cache) {
        Matcher m = ELEMENT.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            String attributes = m.group(2) == null ? "" : m.group(2);
            String value = m.group(3).strip();
            String replacement = m.group();
            // A prefix (xdg, relative, cwd) or ~ makes the value the user's or already relative: kept.
            if (!PREFIX.matcher(attributes).find() && value.startsWith("/")) {
                if (m.group(1).equals("cachedir")) {
                    replacement = "<cachedir" + attributes + ">" + cache + "</cachedir>";
                } else {
                    String copy = inBundle(value, moved);
                    if (copy != null) {
                        String parent = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
                        String relative = Path.of(parent).relativize(Path.of(copy)).toString();
                        replacement = "<dir prefix=\"relative\"" + attributes + ">" + relative + "</dir>";
                    }
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Where the bundle puts an absolute path, by the longest path it brings that holds it; null when it does not. */
    private static String inBundle(String path, Map<String, String> moved) {
        String best = null;
        for (String from : moved.keySet()) {
            if ((path.equals(from) || path.startsWith(from + "/")) && (best == null || from.length() > best.length())) {
                best = from;
            }
        }
        return best == null ? null : moved.get(best) + path.substring(best.length());
    }
}
