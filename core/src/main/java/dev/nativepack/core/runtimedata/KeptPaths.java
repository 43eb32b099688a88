package dev.nativepack.core.runtimedata;

import dev.nativepack.core.cache.CodeIdentity;
import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.cache.FileIdentity;
import dev.nativepack.core.cache.KeptValues;
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

    /** Values kept together, read at once: about 300 bytes each, so the entry stays under a megabyte. */
    private static final int MAX_VALUES = 2_000;

    private final FileCache cache;
    private final KeptValues values;

    KeptPaths(FileCache cache) {
        this.cache = cache;
        this.values = new KeptValues(cache, "embedded-paths-v2 " + CODE, MAX_VALUES);
    }

    /** As {@link EmbeddedPaths#in}, from the cache when the file is as it was. */
    List<String> in(ElfFile elf) {
        String identity = FileIdentity.of(elf.path());
        byte[] kept = identity == null ? null : values.get(identity);
        if (kept != null) {
            String text = new String(kept, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
        List<String> found = EmbeddedPaths.in(elf);
        if (identity != null) {
            values.put(identity, String.join("\n", found).getBytes(StandardCharsets.UTF_8));
        }
        return found;
    }

    /** Reads the kept values now rather than at the first question. */
    void warm() {
        values.load();
    }

    /** Writes what was added, and keeps the cache within its size then. */
    void trimIfAdded() {
        if (values.save()) {
            cache.trim();
        }
    }
}
