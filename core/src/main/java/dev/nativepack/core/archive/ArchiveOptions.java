package dev.nativepack.core.archive;

import java.util.Objects;

/**
 * How archives are written. The bytes written depend on the entries, the compression level and
 * the timestamp only: never on the number of threads, the order entries are given in, the time
 * zone or the source files' metadata.
 *
 * @param compressionLevel    deflate level 1 (fastest) to 9 (smallest), or 0 to store everything
 * @param threads             how many threads compress; 1 compresses on the calling thread
 * @param timestamp           the time every entry gets
 * @param allowSymbolicLinks  false refuses symbolic-link entries (a layer must not contain them)
 * @param cache               compressed content kept from earlier writes, or null; it changes how
 *                            fast an archive is written, never its bytes
 */
public record ArchiveOptions(int compressionLevel, int threads, ArchiveTimestamp timestamp, boolean allowSymbolicLinks,
                             CompressionCache cache) {
    public static final int DEFAULT_COMPRESSION_LEVEL = 9;

    public ArchiveOptions {
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException("compression level must be 0 to 9, not " + compressionLevel);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public ArchiveOptions(int compressionLevel, int threads, ArchiveTimestamp timestamp, boolean allowSymbolicLinks) {
        this(compressionLevel, threads, timestamp, allowSymbolicLinks, null);
    }

    /**
     * Level 9, every core, SOURCE_DATE_EPOCH from this process's environment (an
     * IllegalArgumentException when it is set but not a number), symbolic links allowed.
     */
    public static ArchiveOptions defaults() {
        return new ArchiveOptions(DEFAULT_COMPRESSION_LEVEL, Runtime.getRuntime().availableProcessors(),
                ArchiveTimestamp.fromEnvironment(), true);
    }

    public ArchiveOptions withCompressionLevel(int level) {
        return new ArchiveOptions(level, threads, timestamp, allowSymbolicLinks, cache);
    }

    public ArchiveOptions withThreads(int n) {
        return new ArchiveOptions(compressionLevel, n, timestamp, allowSymbolicLinks, cache);
    }

    public ArchiveOptions withTimestamp(ArchiveTimestamp t) {
        return new ArchiveOptions(compressionLevel, threads, t, allowSymbolicLinks, cache);
    }

    /** Refuses symbolic links with a clear error (for layers), or allows them again. */
    public ArchiveOptions withSymbolicLinks(boolean allowed) {
        return new ArchiveOptions(compressionLevel, threads, timestamp, allowed, cache);
    }

    /** Takes compressed content from {@code c} where entries carry a digest, and keeps what it compresses there (null: no cache). */
    public ArchiveOptions withCache(CompressionCache c) {
        return new ArchiveOptions(compressionLevel, threads, timestamp, allowSymbolicLinks, c);
    }
}
