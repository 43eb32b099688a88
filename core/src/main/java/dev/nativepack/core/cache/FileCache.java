package dev.nativepack.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Values kept on disk between runs, by key: what a bundle computed once (a stripped and edited
 * library, its compressed form) and can take again when its inputs have not changed.
 *
 * <p>A value is stored with its key, in a file named by a 128-bit hash of the key, and given out
 * only for that key: a hash that two keys share costs a miss, never a wrong value. The hash is
 * not cryptographic on purpose: the JDK's SHA-256 costs a short-lived process about 30 ms of
 * provider start-up, more than the audit work a cache saves.
 *
 * <p>A cache only ever makes work faster: every value carries a CRC-32 checked when it is read,
 * so a damaged or half-written file reads as absent (and is removed); files are written to a
 * temporary name and renamed, so a concurrent reader sees a whole value or none; and a failure
 * to read or write is ignored. The least recently used values are removed once the cache holds
 * more than its limit.
 */
public final class FileCache {
    /** Where caches live unless told otherwise: the system property, XDG's cache home, or ~/.cache. */
    public static final String DIRECTORY_PROPERTY = "nativepack.cache.dir";
    private static final byte[] MAGIC = "NPCACHE2".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 4;

    private final Path directory;
    private final long maxBytes;

    /**
     * @param directory where the values go (created when the first one is written)
     * @param maxBytes  how much the directory may hold after {@link #trim}
     */
    public FileCache(Path directory, long maxBytes) {
        this.directory = directory.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /** The nativepack cache root of this user: {@code -Dnativepack.cache.dir}, {@code $XDG_CACHE_HOME/nativepack} or {@code ~/.cache/nativepack}. */
    public static Path defaultRoot() {
        String property = System.getProperty(DIRECTORY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "nativepack");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "nativepack");
    }

    public Path directory() {
        return directory;
    }

    /** The parts stored under {@code key}, or null when there are none or they are damaged. */
    public byte[][] get(String key) {
        Path file = fileOf(key);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
        byte[][] stored = decode(all);
        if (stored == null || stored.length == 0) {
            deleteQuietly(file);
            return null;
        }
        if (!Arrays.equals(stored[0], key.getBytes(StandardCharsets.UTF_8))) {
            return null; // another key with the same hash
        }
        byte[][] parts = Arrays.copyOfRange(stored, 1, stored.length);
        try {
            // The modification time marks use, for trim's least-recently-used order.
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Only the order of trimming suffers.
        }
        return parts;
    }

    /** Keeps {@code parts} under {@code key}; returns false when that could not be done (which callers may ignore). */
    public boolean put(String key, byte[]... parts) {
        Path file = fileOf(key);
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), ".put-", ".tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                byte[][] stored = new byte[parts.length + 1][];
                stored[0] = key.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(parts, 0, stored, 1, parts.length);
                for (ByteBuffer b : encode(stored)) {
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | RuntimeException e) {
            if (temporary != null) {
                deleteQuietly(temporary);
            }
            return false;
        }
    }

    /** Removes the least recently used values until the cache holds at most its limit, and stray temporary files. */
    public void trim() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        record Held(Path file, long size, long used) {
        }
        List<Held> held = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.walk(directory, 2)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                long size = Files.size(f);
                long used = Files.getLastModifiedTime(f).toMillis();
                if (f.getFileName().toString().startsWith(".put-")
                        && used < System.currentTimeMillis() - 3_600_000L) {
                    deleteQuietly(f);
                    continue;
                }
                held.add(new Held(f, size, used));
                total += size;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return;
        }
        held.sort(Comparator.comparingLong(Held::used));
        for (Held h : held) {
            if (total <= maxBytes) {
                break;
            }
            deleteQuietly(h.file());
            total -= h.size();
        }
    }

    private Path fileOf(String key) {
        String name = hash128(key);
        return directory.resolve(name.substring(0, 2)).resolve(name);
    }

    /** [magic][part count][CRC-32 of what follows][each part: length, bytes]. */
    private static ByteBuffer[] encode(byte[][] parts) {
        CRC32 crc = new CRC32();
        ByteBuffer lengths = ByteBuffer.allocate(4 * parts.length);
        for (byte[] p : parts) {
            lengths.putInt(p.length);
        }
        crc.update(lengths.array());
        for (byte[] p : parts) {
            crc.update(p);
        }
        ByteBuffer[] out = new ByteBuffer[parts.length + 2];
        out[0] = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(parts.length).putInt((int) crc.getValue()).flip();
        out[1] = lengths.flip();
        for (int i = 0; i < parts.length; i++) {
            out[i + 2] = ByteBuffer.wrap(parts[i]);
        }
        return out;
    }

    private static byte[][] decode(byte[] all) {
        ByteBuffer in = ByteBuffer.wrap(all);
        if (all.length < HEADER) {
            return null;
        }
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        int count = in.getInt();
        int expectedCrc = in.getInt();
        if (!java.util.Arrays.equals(magic, MAGIC) || count < 0 || count > (all.length - HEADER) / 4) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(all, HEADER, all.length - HEADER);
        if ((int) crc.getValue() != expectedCrc) {
            return null;
        }
        int[] lengths = new int[count];
        long sum = 0;
        for (int i = 0; i < count; i++) {
            lengths[i] = in.getInt();
            sum += lengths[i];
            if (lengths[i] < 0) {
                return null;
            }
        }
        if (sum != in.remaining()) {
            return null;
        }
        byte[][] parts = new byte[count][];
        for (int i = 0; i < count; i++) {
            parts[i] = new byte[lengths[i]];
            in.get(parts[i]);
        }
        return parts;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A cache file that cannot be removed is read as damaged again next time.
        }
    }

    /** Two 64-bit FNV-1a hashes of the key's UTF-8 bytes with different offsets, as 32 hex digits. */
    public static String hash128(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L ^ bytes.length;
        for (byte x : bytes) {
            a = (a ^ (x & 0xff)) * 0x100000001b3L;
            b = (b ^ (x & 0xff)) * 0x100000001b3L;
            b ^= b >>> 29;
        }
        return hex16(a) + hex16(b);
    }

    private static String hex16(long v) {
        String digits = Long.toHexString(v);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
