package dev.nativepack.core.archive;

import dev.nativepack.core.archive.ArchivePlan.Planned;
import dev.nativepack.core.archive.ArchiveWriteException.Problem;
import dev.nativepack.core.archive.ChunkedDeflate.Piece;
import dev.nativepack.core.archive.ChunkedDeflate.SourceChangedException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes reproducible deployment zips. The bytes depend only on the entries (paths, kinds,
 * content), the compression level and the timestamp:
 * <ul>
 * <li>entries sorted by the UTF-8 bytes of their names, a directory entry for every parent;</li>
 * <li>"made by" Unix with explicit modes in the external attributes: directories and
 *     executables 0755, other files 0644, symbolic links 0777 (the link's target is its data);</li>
 * <li>one DOS date and time for every entry (see {@link ArchiveTimestamp}), and no extra fields
 *     at all: no extended timestamps, no uid/gid;</li>
 * <li>deflate (level 9 by default) where it makes an entry smaller, else stored; large entries
 *     are compressed in pieces on every core ({@link ChunkedDeflate}), with the same result as on one.</li>
 * </ul>
 * The zip is written to a temporary file beside the output, synced, and renamed over it: on
 * any failure the temporary file is deleted and an old output is left as it was. Nothing is
 * written outside the output's directory.
 */
public final class ArchiveWriter {
    /** How many bytes of content may be compressed ahead of the entry being written. */
    private static final long READ_AHEAD = 64L << 20;
    /** An instant with a DOS date in every time zone; {@link DosTimes} then sets the real fields. */
    private static final long PLACEHOLDER_MILLIS = 946_684_800_000L;

    private final ArchiveOptions options;

    public ArchiveWriter(ArchiveOptions options) {
        this.options = options;
    }

    public ArchiveOptions options() {
        return options;
    }

    /**
     * Writes {@code entries} as the zip {@code output} (replacing a file there).
     *
     * @throws ArchiveWriteException with nothing left behind: entries that conflict, a source
     *         that cannot be read, an output that is a directory, a directory that cannot be
     *         written, a full disk
     */
    public ArchiveSummary write(List<ArchiveEntry> entries, Path output) throws ArchiveWriteException {
        ArchivePlan plan = ArchivePlan.of(entries, options.allowSymbolicLinks());
        Path out = output.toAbsolutePath().normalize();
        if (Files.isDirectory(out)) {
            throw new ArchiveWriteException(Problem.OUTPUT_IS_DIRECTORY, out,
                    out + ": is a directory; give the path of the zip file to write");
        }
        OutputFiles.parentOf(out);
        OutputFiles.removeStale(out);
        Path temporary;
        try {
            temporary = OutputFiles.createSibling(out, false, "tmp");
        } catch (IOException e) {
            throw OutputFiles.failure(out, e);
        }
        ExecutorService pool = options.threads() > 1 ? newPool(options.threads()) : null;
        boolean renamed = false;
        try {
            ArchiveSummary summary = new Run(out, pool).writeZip(plan, temporary);
            try {
                Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw OutputFiles.failure(out, e);
            }
            renamed = true;
            OutputFiles.syncDirectory(out.getParent());
            return summary;
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (!renamed) {
                OutputFiles.deleteTree(temporary);
            }
        }
    }

    private static ExecutorService newPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nativepack-deflate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One write: where it goes and who compresses. */
    private final class Run {
        private final Path out;
        private final ExecutorService pool;

        Run(Path out, ExecutorService pool) {
            this.out = out;
            this.pool = pool;
        }

        ArchiveSummary writeZip(ArchivePlan plan, Path temporary) throws ArchiveWriteException {
            ArchivePlan.Tally tally = new ArchivePlan.Tally();
            List<Planned> list = plan.entries();
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                OutputStream sink = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(sink)) {
                    zip.setUseZip64(Zip64Mode.AsNeeded);
                    zip.setEncoding("UTF-8");
                    zip.setUseLanguageEncodingFlag(true);
                    zip.setFallbackToUTF8(false);
                    zip.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
                    // Compression runs ahead of writing within a budget; entries are written in order.
                    ArrayDeque<Compression> ahead = new ArrayDeque<>();
                    long budget = pool == null ? 0 : READ_AHEAD;
                    long inFlight = 0;
                    int next = 0;
                    for (int i = 0; i < list.size(); i++) {
                        while (next < list.size() && (next <= i || inFlight + list.get(next).size() <= budget)) {
                            ahead.add(start(list.get(next)));
                            inFlight += list.get(next).size();
                            next++;
                        }
                        Compression c = ahead.removeFirst();
                        inFlight -= c.planned.size();
                        Compressed done = c.await();
                        writeEntry(zip, c.planned, done);
                        tally.add(c.planned, done.compressedSize);
                    }
                    zip.finish();
                }
                DosTimes.stamp(channel, options.timestamp().dosTime(), options.timestamp().dosDate());
                channel.force(true);
                return tally.summary(out, channel.size());
            } catch (SourceFailure e) {
                throw e.failure;
            } catch (IOException e) {
                throw OutputFiles.failure(out, e);
            }
        }

        private void writeEntry(ZipArchiveOutputStream zip, Planned p, Compressed c) throws IOException {
            ZipArchiveEntry ze = new ZipArchiveEntry(p.zipName());
            ze.setMethod(c.method);
            ze.setCrc(Integer.toUnsignedLong(c.crc));
            ze.setSize(p.size());
            ze.setCompressedSize(c.compressedSize);
            ze.setUnixMode(p.kind().unixMode());
            ze.setTime(PLACEHOLDER_MILLIS);
            try (InputStream data = c.data) {
                zip.addRawArchiveEntry(ze, data);
            }
        }

        private Compression start(Planned p) {
            String digest = cacheable(p);
            if (digest != null) {
                CompressionCache.Compressed known = options.cache().find(digest, p.size(), options.compressionLevel());
                if (known != null) {
                    return new Compression(p, List.of(), known);
                }
            }
            List<Future<Piece>> pieces = new ArrayList<>();
            if (!p.isDirectory() && p.size() > 0) {
                int level = p.isLink() ? 0 : options.compressionLevel();
                Path file = p.sourceFile();
                byte[] memory = file == null ? p.memoryContent() : null;
                for (int i = 0, n = ChunkedDeflate.pieces(p.size()); i < n; i++) {
                    int index = i;
                    Callable<Piece> task = memory != null ? () -> ChunkedDeflate.fromMemory(memory, index, level)
                            : () -> ChunkedDeflate.fromFile(file, p.size(), index, level);
                    pieces.add(submit(task));
                }
            }
            return new Compression(p, pieces, null);
        }

        /** The entry's digest when its compressed form may come from, or go to, the cache. */
        private String cacheable(Planned p) {
            if (options.cache() == null || options.compressionLevel() == 0 || p.entry() == null || p.isDirectory()
                    || p.isLink() || p.size() == 0) {
                return null;
            }
            return p.entry().contentDigest();
        }

        private Future<Piece> submit(Callable<Piece> task) {
            if (pool != null) {
                return pool.submit(task);
            }
            FutureTask<Piece> now = new FutureTask<>(task);
            now.run();
            return now;
        }

        /** An entry whose pieces are being compressed. */
        private final class Compression {
            final Planned planned;
            final List<Future<Piece>> pieces;
            /** The result taken from the cache, or null when the pieces compute it. */
            final CompressionCache.Compressed known;

            Compression(Planned planned, List<Future<Piece>> pieces, CompressionCache.Compressed known) {
                this.planned = planned;
                this.pieces = pieces;
                this.known = known;
            }

            Compressed await() throws ArchiveWriteException {
                Planned p = planned;
                if (p.isDirectory() || p.size() == 0) {
                    return new Compressed(ZipEntry.STORED, 0, 0, InputStream.nullInputStream());
                }
                if (known != null) {
                    return known.deflated() != null
                            ? new Compressed(ZipEntry.DEFLATED, known.crc(), known.deflated().length,
                                    new ByteArrayInputStream(known.deflated()))
                            : stored(p, known.crc());
                }
                int crc = 0;
                long deflatedSize = 0;
                List<byte[]> parts = new ArrayList<>();
                for (Future<Piece> f : pieces) {
                    Piece piece = get(f);
                    crc = Crc32Combine.combine(crc, piece.crc(), piece.length());
                    deflatedSize += piece.deflatedLength();
                    if (piece.deflated() != null) {
                        parts.add(piece.deflated());
                    }
                }
                boolean deflate = !p.isLink() && options.compressionLevel() > 0 && deflatedSize < p.size();
                String digest = cacheable(p);
                if (digest != null) {
                    options.cache().keep(digest, p.size(), options.compressionLevel(),
                            new CompressionCache.Compressed(crc, deflate ? concatenate(parts, deflatedSize) : null));
                }
                if (deflate) {
                    List<InputStream> streams = new ArrayList<>();
                    for (byte[] part : parts) {
                        streams.add(new ByteArrayInputStream(part));
                    }
                    return new Compressed(ZipEntry.DEFLATED, crc, deflatedSize,
                            new SequenceInputStream(Collections.enumeration(streams)));
                }
                return stored(p, crc);
            }

            private Compressed stored(Planned p, int crc) {
                InputStream stored = p.sourceFile() == null ? new ByteArrayInputStream(p.memoryContent())
                        : new CheckedSource(p, crc);
                return new Compressed(ZipEntry.STORED, crc, p.size(), stored);
            }

            private static byte[] concatenate(List<byte[]> parts, long size) {
                byte[] all = new byte[Math.toIntExact(size)];
                int at = 0;
                for (byte[] part : parts) {
                    System.arraycopy(part, 0, all, at, part.length);
                    at += part.length;
                }
                return all;
            }

            private Piece get(Future<Piece> f) throws ArchiveWriteException {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArchiveWriteException(Problem.INTERRUPTED, out, out + ": interrupted while writing;"
                            + " nothing was left behind", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw sourceFailure(planned, io);
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        }
    }

    private static ArchiveWriteException sourceFailure(Planned p, IOException e) {
        Path source = p.sourceFile();
        if (e instanceof SourceChangedException) {
            return new ArchiveWriteException(Problem.SOURCE_CHANGED, source, e.getMessage() + " (entry " + p.path()
                    + "); nothing was left behind", e);
        }
        String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
        return new ArchiveWriteException(Problem.SOURCE_UNREADABLE, source, source + " (for entry " + p.path() + "): "
                + reason + "; nothing was left behind", e);
    }

    /**
     * An entry ready to be written.
     *
     * @param method         stored or deflated
     * @param crc            CRC-32 of the content
     * @param compressedSize size of {@code data}
     * @param data           the bytes to store
     */
    private record Compressed(int method, int crc, long compressedSize, InputStream data) {
    }

    /** A failure of a source file surfacing through the zip stream, carried out unchanged. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final transient ArchiveWriteException failure;

        SourceFailure(ArchiveWriteException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    /** A stored entry's content read again from its file, checked against the size and CRC planned. */
    private static final class CheckedSource extends InputStream {
        private final Planned planned;
        private final int expectedCrc;
        private final CRC32 crc = new CRC32();
        private InputStream in;
        private long remaining;

        CheckedSource(Planned planned, int expectedCrc) {
            this.planned = planned;
            this.expectedCrc = expectedCrc;
            this.remaining = planned.size();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (in == null) {
                    in = Files.newInputStream(planned.sourceFile());
                }
                if (remaining == 0) {
                    if ((int) crc.getValue() != expectedCrc) {
                        throw new SourceChangedException(planned.sourceFile()
                                + ": content changed while being archived");
                    }
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new SourceChangedException(planned.sourceFile() + ": shorter than when the archive was planned ("
                            + planned.size() + " bytes); it changed while being archived");
                }
                crc.update(b, off, n);
                remaining -= n;
                return n;
            } catch (IOException e) {
                throw new SourceFailure(sourceFailure(planned, e));
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** Passes writes through and keeps the channel open when the zip stream is closed. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
