package dev.nativepack.core.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Raw deflate of an entry in independent 1 MiB pieces, so that one large library is compressed
 * on every core: each piece is primed with the 32 KiB before it as a preset dictionary (matches
 * still reach back across the boundary) and ends with a sync flush (byte-aligned, not final), and
 * the last piece finishes the stream; the concatenation is one valid deflate stream (the method
 * pigz uses). The pieces depend only on the content and the level, never on which thread made
 * them or when, so compressing in parallel or sequentially gives the same bytes. An entry of at
 * most one piece is plain deflate.
 */
final class ChunkedDeflate {
    static final int PIECE = 1 << 20;
    static final int WINDOW = 32 << 10;

    /**
     * One compressed piece.
     *
     * @param deflated the deflate bytes, or null at level 0 (only the CRC was wanted)
     * @param crc      CRC-32 of the piece's content
     * @param length   the piece's content length
     */
    record Piece(byte[] deflated, int crc, int length) {
        int deflatedLength() {
            return deflated == null ? 0 : deflated.length;
        }
    }

    /** A source file whose size or content no longer matches what was planned. */
    static final class SourceChangedException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceChangedException(String message) {
            super(message);
        }
    }

    private ChunkedDeflate() {
    }

    static int pieces(long size) {
        return (int) ((size + PIECE - 1) / PIECE);
    }

    /** Piece {@code index} of a file of the planned {@code size}, read on its own. */
    static Piece fromFile(Path file, long size, int index, int level) throws IOException {
        long start = (long) index * PIECE;
        int length = (int) Math.min(PIECE, size - start);
        boolean last = start + length == size;
        long from = level == 0 ? start : Math.max(0, start - WINDOW);
        int dictionary = (int) (start - from);
        byte[] buf = new byte[dictionary + length];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long position = from;
            while (bb.hasRemaining()) {
                int n = channel.read(bb, position);
                if (n < 0) {
                    throw new SourceChangedException(file + ": shorter than when the archive was planned ("
                            + size + " bytes); it changed while being archived");
                }
                position += n;
            }
            if (last && channel.size() != size) {
                throw new SourceChangedException(file + ": now " + channel.size() + " bytes, was " + size
                        + "; it changed while being archived");
            }
        } catch (EOFException e) {
            throw new SourceChangedException(file + ": " + e.getMessage());
        }
        return compress(buf, 0, dictionary, length, last, level);
    }

    /** Piece {@code index} of content in memory. */
    static Piece fromMemory(byte[] data, int index, int level) {
        int start = index * PIECE;
        int length = Math.min(PIECE, data.length - start);
        int from = level == 0 ? start : Math.max(0, start - WINDOW);
        return compress(data, from, start, length, start + length == data.length, level);
    }

    /**
     * Deflates {@code buf[start, start+length)} with {@code buf[dictionaryStart, start)} as the
     * preset dictionary; the last piece finishes the stream, the others end with a sync flush.
     */
    static Piece compress(byte[] buf, int dictionaryStart, int start, int length, boolean last, int level) {
        CRC32 crc = new CRC32();
        crc.update(buf, start, length);
        if (level == 0) {
            return new Piece(null, (int) crc.getValue(), length);
        }
        Deflater deflater = new Deflater(level, true);
        try {
            if (start > dictionaryStart) {
                deflater.setDictionary(buf, dictionaryStart, start - dictionaryStart);
            }
            deflater.setInput(buf, start, length);
            byte[] out = new byte[Math.max(256, length / 2)];
            int n = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    n += deflater.deflate(out, n, out.length - n);
                }
            } else {
                // Output space left over after a sync flush means everything is out.
                do {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
                } while (n == out.length);
            }
            return new Piece(Arrays.copyOf(out, n), (int) crc.getValue(), length);
        } finally {
            deflater.end();
        }
    }
}
