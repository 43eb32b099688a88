package dev.nativepack.core.bundle;

import dev.nativepack.core.cache.CodeIdentity;
import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.cache.FileIdentity;
import dev.nativepack.elf.edit.ElfEditor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Files already stripped and edited for a bundle, kept between runs: a library whose source file,
 * edits and nativepack build are all the same as last time is taken as it was prepared then.
 * A source is known by its identity on this machine ({@link FileIdentity}), so a file rewritten in
 * any way is prepared again.
 */
final class PreparedCache {
    /** A file as prepared earlier. */
    record Hit(byte[] bytes, String sha256, long stripped, long added) {
    }

    private static final String CODE = CodeIdentity.of(ElfEditor.class, PreparedCache.class);

    private final FileCache files;

    PreparedCache(FileCache files) {
        this.files = files;
    }

    /** The key of {@code f} prepared with these options, or null when its source cannot be identified. */
    static String key(BundleFile f, boolean strip, Map<String, String> renames) {
        String source = FileIdentity.of(f.source());
        return source == null ? null : "prepared-v1 " + CODE + " " + source + " role=" + f.role() + " strip=" + strip
                + " rpath=" + f.rpath() + " renames=" + new TreeMap<>(renames);
    }

    Hit find(String key) {
        byte[][] parts = files.get(key);
        if (parts == null || parts.length != 2) {
            return null;
        }
        String[] meta = new String(parts[0], StandardCharsets.US_ASCII).split(" ");
        if (meta.length != 3) {
            return null;
        }
        try {
            return new Hit(parts[1], meta[0], Long.parseLong(meta[1]), Long.parseLong(meta[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void keep(String key, byte[] bytes, String sha256, long stripped, long added) {
        files.put(key, (sha256 + " " + stripped + " " + added).getBytes(StandardCharsets.US_ASCII), bytes);
    }

    void trim() {
        files.trim();
    }
}
