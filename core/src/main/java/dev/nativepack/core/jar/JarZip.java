package dev.nativepack.core.jar;

import dev.nativepack.core.archive.EntryNames;
import dev.nativepack.core.archive.UnzipException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.zip.Inflater;

/**
 * One jar (or zip) being read: a file, or a nested jar held in memory. Entries come in the order
 * their data is stored, their names checked; content is read only as far as it is needed.
 * Every problem becomes a {@link JarInputException} naming the jar and the entry.
 */
final class JarZip implements Closeable {
    /** Nested jars and natives are read into memory; nothing legitimate comes near this. */
    static final long MAX_ENTRY_BYTES = 1L << 30;
    /** A jar in a jar in a jar ... deeper than this is not opened (a zip quine would never end). */
    static final int MAX_DEPTH = 4;

    private final String display;
    private final ZipIndex index;
    private final FileChannel channel;
    private final Inflater inflater = new Inflater(true);

    private JarZip(String display, ZipIndex index, FileChannel channel) {
        this.display = display;
        this.index = index;
        this.channel = channel;
    }

    static boolean isZip(byte[] head, int length) {
        return length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && head[3] == head[2] + 1;
    }

    static boolean isNestedJar(String name, byte[] head, int length) {
        return name.toLowerCase(Locale.ROOT).endsWith(".jar") && isZip(head, length);
    }

    static JarZip open(String display, Path file) throws JarInputException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new JarInputException(display + ": no such file or directory", e);
        } catch (IOException e) {
            throw new JarInputException(display + ": cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            JarZip zip = new JarZip(display, ZipIndex.read(display, ZipIndex.Bytes.of(channel)), channel);
            zip.checkNames();
            return zip;
        } catch (IOException | JarInputException | RuntimeException e) {
            close(channel);
            throw e instanceof JarInputException j ? j
                    : new JarInputException(display + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static JarZip open(String display, byte[] bytes) throws JarInputException {
        JarZip zip = new JarZip(display, ZipIndex.read(display, ZipIndex.Bytes.of(bytes)), null);
        zip.checkNames();
        return zip;
    }

    /** A name that is absolute or climbs out is refused, in every jar, before anything else is read. */
    private void checkNames() throws JarInputException {
        for (ZipIndex.Entry e : index.entries()) {
            try {
                EntryNames.normalize(display, e.name());
            } catch (UnzipException x) {
                throw new JarInputException(x.getMessage() + " (refused: a hostile or damaged name)", x);
            }
        }
    }

    String display() {
        return display;
    }

    long size() {
        return index.size();
    }

    ZipIndex index() {
        return index;
    }

    /** The entries in the order their data is stored. */
    List<ZipIndex.Entry> entries() {
        return index.physicalOrder();
    }

    /** Whether this jar is signed: a signature file (.SF) or block (.RSA, .DSA, .EC) directly under META-INF/. */
    boolean signed() {
        for (ZipIndex.Entry e : index.entries()) {
            if (SignedJars.isSignatureFile(e.name())) {
                return true;
            }
        }
        return false;
    }

    /** The content of an entry, to be read as far as needed; one at a time per jar, on one thread. */
    EntryContent content(ZipIndex.Entry e) {
        return new EntryContent(index, e, display, inflater);
    }

    /** The content of an entry, to be read on any thread, at the same time as others. */
    EntryContent detachedContent(ZipIndex.Entry e) {
        return new EntryContent(index, e, display, null);
    }

    @Override
    public void close() {
        inflater.end();
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Only reading was done.
        }
    }
}
