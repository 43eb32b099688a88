package dev.nativepack.core.archive;

import dev.nativepack.core.archive.UnzipException.Reason;
import java.util.ArrayDeque;

/**
 * The checks every zip entry name must pass before anything trusts it: no NUL character, not
 * absolute (nor a drive letter), and no {@code ..} that climbs out of the archive's root.
 * Backslashes count as separators, as Windows tools write them.
 */
public final class EntryNames {
    private EntryNames() {
    }

    /**
     * The entry's path with {@code .}, empty segments and {@code ..} resolved ("" for the root).
     *
     * @param archive how errors name the archive
     * @param raw     the name as stored
     * @throws UnzipException a NUL character, an absolute path, a path that climbs out
     */
    public static String normalize(String archive, String raw) throws UnzipException {
        if (raw.indexOf('\0') >= 0) {
            throw new UnzipException(Reason.BAD_NAME, archive, raw, "has a NUL character in its name", null);
        }
        String clean = raw.replace('\\', '/');
        boolean drive = clean.length() > 2 && clean.charAt(1) == ':' && clean.charAt(2) == '/'
                && (clean.charAt(0) | 0x20) >= 'a' && (clean.charAt(0) | 0x20) <= 'z';
        if (clean.startsWith("/") || drive) {
            throw new UnzipException(Reason.ABSOLUTE_PATH, archive, raw, "has an absolute path", null);
        }
        ArrayDeque<String> segments = new ArrayDeque<>();
        for (String s : clean.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    throw new UnzipException(Reason.PATH_ESCAPES, archive, raw, "points outside the archive", null);
                }
                segments.removeLast();
            } else {
                segments.addLast(s);
            }
        }
        return String.join("/", segments);
    }
}
