package dev.nativepack.core.runtimedata;

import dev.nativepack.core.cache.CodeIdentity;
import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.cache.FileIdentity;
import dev.nativepack.elf.ElfFile;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The paths compiled into files, kept between runs by the file's identity: the libraries of a
 * closure hold megabytes of read-only data, read again by every audit otherwise. A file changed
 * in any way, or another build of the scanner, is scanned anew.
 */
final class KeptPaths {
    private static final String CODE = CodeIdentity.of(EmbeddedPaths.class);
    /** Each value is a few hundred bytes; this keeps those of thousands of libraries. */
    static final long CACHE_BYTES = 16L << 20;

    private final FileCache cache;
    private volatile boolean added;

    KeptPaths(FileCache cache) {
        this.cache = cache;
    }

    /** As {@link EmbeddedPaths#in}, from the cache when the file is as it was. */
    List<String> in(ElfFile elf) {
        String identity = FileIdentity.of(elf.path());
        String key = identity == null ? null : "embedded-paths-v1 " + CODE + " " + identity;
        byte[][] kept = key == null ? null : cache.get(key);
        if (kept != null && kept.length == 1) {
            String text = new String(kept[0], StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
        List<String> found = EmbeddedPaths.in(elf);
        if (key != null && cache.put(key, String.join("\n", found).getBytes(StandardCharsets.UTF_8))) {
            added = true;
        }
        return found;
    }

    /** Keeps the cache within its size once new values were added. */
    void trimIfAdded() {
        if (added) {
            added = false;
            cache.trim();
        }
    }
}
