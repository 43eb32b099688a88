package dev.nativepack.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file's bytes, read in pages on first use with positional reads. Resolving a closure touches a
 * few pages of each of a hundred files; reading them costs far less than mapping and unmapping
 * every file. While a caller holds the file open the pages come from its channel; afterwards a
 * missing page reopens the file for the read.
 */
final class PagedFile {
    static final int PAGE_SHIFT = 10;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final Path path;
    private final long size;
    private final byte[][] pages;
    private final FileChannel channel;

    private PagedFile(Path path, long size, FileChannel channel, byte[] memory) {
        this.path = path;
        this.size = size;
        this.channel = channel;
        int count = (int) ((size + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        this.pages = new byte[Math.max(count, 1)][];
        if (memory != null) {
            for (int i = 0; i < count; i++) {
                int from = i << PAGE_SHIFT;
                pages[i] = java.util.Arrays.copyOfRange(memory, from, Math.min(memory.length, from + PAGE_SIZE));
            }
        }
    }

    /** A file the caller holds open, with the first bytes already read (or null). */
    static PagedFile of(Path path, FileChannel channel, long size, byte[] start) {
        PagedFile file = new PagedFile(path, size, channel, null);
        if (start != null) {
            // Whole pages only (or the whole file): a short read leaves the rest to be loaded.
            for (int i = 0; i < file.pages.length; i++) {
                int from = i << PAGE_SHIFT;
                int to = (int) Math.min(size, from + (long) PAGE_SIZE);
                if (to > start.length || from >= to) {
                    break;
                }
                file.pages[i] = java.util.Arrays.copyOfRange(start, from, to);
            }
        }
        return file;
    }

    static PagedFile of(Path path, byte[] memory) {
        return new PagedFile(path, memory.length, null, memory);
    }

    long size() {
        return size;
    }

    /** The page holding {@code offset}, which the caller has bounds-checked. */
    byte[] page(long offset) {
        int index = (int) (offset >>> PAGE_SHIFT);
        byte[] page = pages[index];
        if (page == null) {
            page = load(index);
            pages[index] = page;
        }
        return page;
    }

    /**
     * Loads every missing page of a range the caller is about to scan (a symbol table), with one
     * read per run of missing pages instead of one per page.
     */
    void prefetch(long offset, long length) {
        if (length <= PAGE_SIZE || length > Integer.MAX_VALUE) {
            return;
        }
        int first = (int) (offset >>> PAGE_SHIFT);
        int last = (int) ((offset + length - 1) >>> PAGE_SHIFT);
        int run = first;
        while (run <= last) {
            while (run <= last && pages[run] != null) {
                run++;
            }
            int end = run;
            while (end <= last && pages[end] == null) {
                end++;
            }
            if (end > run) {
                loadRun(run, end);
            }
            run = end;
        }
    }

    private void loadRun(int from, int to) {
        long start = (long) from << PAGE_SHIFT;
        byte[] all = read(start, (int) (Math.min(size, (long) to << PAGE_SHIFT) - start));
        for (int i = from; i < to; i++) {
            int at = (int) (((long) i << PAGE_SHIFT) - start);
            pages[i] = java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + PAGE_SIZE));
        }
    }

    int byteAt(long offset) {
        return page(offset)[(int) (offset & (PAGE_SIZE - 1))];
    }

    private byte[] load(int index) {
        long from = (long) index << PAGE_SHIFT;
        return read(from, (int) Math.min(PAGE_SIZE, size - from));
    }

    private byte[] read(long from, int length) {
        byte[] page = new byte[length];
        try {
            if (channel != null && channel.isOpen()) {
                readFully(channel, page, from);
            } else {
                try (FileChannel reopened = FileChannel.open(path, StandardOpenOption.READ)) {
                    readFully(reopened, page, from);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
        }
        return page;
    }

    private void readFully(FileChannel ch, byte[] page, long from) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(page);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, from + buffer.position()) < 0) {
                throw new MalformedElfException(path, "file", from + buffer.position(), "file shrank while being read");
            }
        }
    }
}
