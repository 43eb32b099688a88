package dev.nativepack.core.archive;

import dev.nativepack.core.cache.FileCache;
import java.nio.ByteBuffer;

/**
 * Compressed entry content kept between archive writes, by the content's SHA-256 and the
 * compression level: the second bundle of a program whose libraries did not change compresses
 * only what did. What is kept is exactly what {@link ArchiveWriter} would compute again (the
 * pieces of {@link ChunkedDeflate} depend only on the content and the level), so an archive
 * written with the cache has the same bytes as one written without it.
 */
public final class CompressionCache {
    /** Changes whenever the compressed form of a given content could change. */
    private static final String FORMAT = "deflate-pieces-v1-" + ChunkedDeflate.PIECE + "-" + ChunkedDeflate.WINDOW;

    /**
     * A compressed content.
     *
     * @param crc      CRC-32 of the content
     * @param deflated the raw deflate stream, or null where deflate did not make the content smaller
     */
    public record Compressed(int crc, byte[] deflated) {
    }

    private final FileCache files;

    public CompressionCache(FileCache files) {
        this.files = files;
    }

    Compressed find(String sha256, long size, int level) {
        byte[][] parts = files.get(key(sha256, size, level));
        if (parts == null || parts.length != 2 || parts[0].length != 5) {
            return null;
        }
        ByteBuffer meta = ByteBuffer.wrap(parts[0]);
        int crc = meta.getInt();
        boolean deflated = meta.get() != 0;
        return new Compressed(crc, deflated ? parts[1] : null);
    }

    void keep(String sha256, long size, int level, Compressed c) {
        byte[] meta = ByteBuffer.allocate(5).putInt(c.crc()).put((byte) (c.deflated() != null ? 1 : 0)).array();
        files.put(key(sha256, size, level), meta, c.deflated() != null ? c.deflated() : new byte[0]);
    }

    private static String key(String sha256, long size, int level) {
        return FORMAT + " " + sha256 + " " + size + " " + level;
    }
}
