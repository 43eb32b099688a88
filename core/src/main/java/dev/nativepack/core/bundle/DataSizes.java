package dev.nativepack.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.strip.NotStrippableException;
import dev.nativepack.elf.strip.Stripper;

/** What files would add to an archive: their size, and their size deflated as the archive would. */
public final class DataSizes {
    private DataSizes() {
    }

    /** Bytes and deflated bytes. */
    public record Size(long bytes, long zipped) {
        public Size plus(Size other) {
            return new Size(bytes + other.bytes, zipped + other.zipped);
        }
    }

    public static final Size ZERO = new Size(0, 0);

    /**
     * A plugin as a bundle that strips writes it: stripped in memory as the bundle would; a file
     * that cannot be stripped counts as it is, as the bundle then copies it.
     */
    public static Size ofStripped(Path plugin, int level) throws IOException {
        if (!isElf(plugin)) {
            return of(plugin, level);
        }
        byte[] bytes = Files.readAllBytes(plugin);
        byte[] stripped;
        try {
            stripped = Stripper.stripAll(bytes, plugin.toString()).stripped();
        } catch (NotStrippableException | MalformedElfException e) {
            stripped = bytes;
        }
        return of(new java.io.ByteArrayInputStream(stripped), level);
    }

    private static boolean isElf(Path file) throws IOException {
        try (InputStream s = Files.newInputStream(file)) {
            byte[] magic = s.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        }
    }

    /** One file, deflated at {@code level} (0 stores it). */
    public static Size of(Path file, int level) throws IOException {
        try (InputStream s = Files.newInputStream(file)) {
            return of(s, level);
        }
    }

    /** A file the bundle writes (a rewritten configuration), deflated at {@code level}. */
    public static Size of(byte[] content, int level) {
        try {
            return of(new java.io.ByteArrayInputStream(content), level);
        } catch (IOException e) {
            throw new IllegalStateException("reading an array cannot fail", e);
        }
    }

    private static Size of(InputStream s, int level) throws IOException {
        Deflater deflater = new Deflater(level, true);
        byte[] in = new byte[1 << 16];
        byte[] out = new byte[1 << 16];
        long bytes = 0;
        long zipped = 0;
        try {
            int n;
            while ((n = s.read(in)) > 0) {
                bytes += n;
                deflater.setInput(in, 0, n);
                while (!deflater.needsInput()) {
                    zipped += deflater.deflate(out);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                zipped += deflater.deflate(out);
            }
        } finally {
            deflater.end();
        }
        return new Size(bytes, level == 0 ? bytes : Math.min(zipped, bytes));
    }
}
