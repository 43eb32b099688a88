package dev.nativepack.core.jar;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;

/**
 * An entry's content, inflated only as far as it is asked for: identifying a native needs its
 * headers (for a Mach-O, PE or XCOFF file the first kilobytes, for an ELF file up to its dynamic
 * section), and inflating whole libraries is most of a scan's time. A complete read is checked
 * against the entry's size and CRC.
 */
final class EntryContent implements NativeSource {
    /** Compressed bytes read at a time: little for the first bytes of an entry, more once it is read on. */
    private static final int FIRST_CHUNK = 512;
    private static final int RAW_CHUNK = 1 << 16;

    private final ZipIndex zip;
    private final Inflater shared;
    private final ZipIndex.Entry entry;
    private final String where;
    private final long size;
    private InputStream raw;
    private Inflater inflater;
    private byte[] input;
    private byte[] bytes = new byte[0];
    private int length;
    private boolean ended;

    /**
     * @param shared an inflater to reuse (reset here, never ended): setting one up per entry costs
     *               more than reading a class's head; null for an own one, to read on another thread
     */
    EntryContent(ZipIndex zip, ZipIndex.Entry entry, String where, Inflater shared) {
        this.zip = zip;
        this.shared = shared;
        this.entry = entry;
        this.where = where;
        this.size = entry.size();
    }

    /** The size the entry declares. */
    @Override
    public long size() {
        return size;
    }

    /** At least the first {@code n} bytes (fewer only when the entry is shorter). */
    @Override
    public byte[] upTo(long n) throws JarInputException {
        long wanted = Math.min(n, size >= 0 ? size : JarZip.MAX_ENTRY_BYTES);
        if (wanted > JarZip.MAX_ENTRY_BYTES) {
            throw new JarInputException(where + ": entry " + entry.name() + " is " + size
                    + " bytes, more than the " + JarZip.MAX_ENTRY_BYTES + " this tool reads into memory");
        }
        if (length < wanted && !ended) {
            fill((int) wanted);
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** The whole content, checked against the entry's size and CRC. */
    byte[] all() throws JarInputException {
        byte[] all = upTo(Long.MAX_VALUE);
        if (size >= 0 && length == size && !ended && moreAfterEnd()) {
            throw new JarInputException(where + ": entry " + entry.name() + " is damaged: longer than the "
                    + size + " bytes it declares");
        }
        if (size >= 0 && length != size) {
            throw new JarInputException(where + ": entry " + entry.name() + " is damaged: " + length
                    + " bytes read, " + size + " expected");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, length);
        if (entry.crc() >= 0 && crc.getValue() != entry.crc()) {
            throw new JarInputException(where + ": entry " + entry.name() + " is damaged: its CRC does not match");
        }
        close();
        return all;
    }

    private void fill(int wanted) throws JarInputException {
        if (bytes.length < wanted) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Math.max(wanted, Math.min((long) bytes.length * 2,
                    size >= 0 ? size : Integer.MAX_VALUE - 8)), Integer.MAX_VALUE - 8));
        }
        try {
            if (raw == null) {
                open();
            }
            while (length < wanted && !ended) {
                if (inflater == null) {
                    int n = raw.read(bytes, length, bytes.length - length);
                    if (n < 0) {
                        ended = true;
                    } else {
                        length += n;
                    }
                    continue;
                }
                if (inflater.needsInput()) {
                    if (input.length < RAW_CHUNK && wanted > FIRST_CHUNK) {
                        input = new byte[RAW_CHUNK];
                    }
                    int n = raw.read(input);
                    if (n < 0) {
                        throw new java.io.EOFException("the compressed data ends early");
                    }
                    inflater.setInput(input, 0, n);
                }
                int made = inflater.inflate(bytes, length, bytes.length - length);
                length += made;
                if (inflater.finished()) {
                    ended = true;
                } else if (made == 0 && !inflater.needsInput()) {
                    throw new java.io.IOException("the compressed data needs a preset dictionary");
                }
            }
        } catch (IOException | DataFormatException | RuntimeException e) {
            close();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new JarInputException(where + ": entry " + entry.name() + " cannot be read (" + why + ")", e);
        }
        if (ended) {
            close();
        }
    }

    /** Whether content goes on past the declared size (a damaged or hostile entry). */
    private boolean moreAfterEnd() throws JarInputException {
        try {
            if (inflater == null) {
                return raw.read() >= 0;
            }
            byte[] one = new byte[1];
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = raw.read(input);
                    if (n < 0) {
                        return false;
                    }
                    inflater.setInput(input, 0, n);
                }
                if (inflater.inflate(one) > 0) {
                    return true;
                }
                if (inflater.needsDictionary()) {
                    return false;
                }
            }
            return false;
        } catch (IOException | DataFormatException e) {
            return false;
        }
    }

    private void open() throws IOException {
        if (entry.method() == ZipEntry.DEFLATED) {
            raw = zip.raw(entry);
            inflater = shared != null ? shared : new Inflater(true);
            inflater.reset();
            input = new byte[FIRST_CHUNK];
        } else if (entry.method() == ZipEntry.STORED) {
            raw = zip.raw(entry);
        } else {
            throw new IOException("compression method " + entry.method() + " is not supported");
        }
    }

    void close() {
        if (inflater != null && inflater != shared) {
            inflater.end();
        }
        inflater = null;
        if (raw != null) {
            try {
                raw.close();
            } catch (IOException e) {
                // Only reading was done.
            }
        }
        raw = null;
        ended = true;
    }
}
