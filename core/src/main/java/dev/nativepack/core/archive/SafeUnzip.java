package dev.nativepack.core.archive;

import dev.nativepack.core.archive.UnzipException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a zip into an empty directory without letting it write anywhere else, the way a
 * platform unpacks a deployment package:
 * <ul>
 * <li>names that are absolute or whose normalized path climbs out ({@code ../}) are refused;</li>
 * <li>every name is checked before anything is written: a name twice, a name used both as a
 *     file and as a directory, and an entry below a symbolic link of the same archive (it would
 *     be written through the link) are refused;</li>
 * <li>regular files and directories are created first and symbolic links last; a link whose
 *     target, resolved through the archive's other links, would leave the directory is refused
 *     unless {@link #allowingLinksOut}, and a link to an absolute path unless
 *     {@link #allowingAbsoluteLinks} (a Lambda package may point into {@code /opt});</li>
 * <li>limits on the entry count and the bytes unpacked (counted as they are written, not as the
 *     archive claims) stop zip bombs;</li>
 * <li>unix permission bits are applied (set-id and sticky bits never), content is checked
 *     against its CRC and size.</li>
 * </ul>
 * When an entry is refused or damaged after unpacking began, what was unpacked is removed.
 */
public final class SafeUnzip {
    /** Far above any platform's unpacked limit. */
    public static final long DEFAULT_MAX_UNPACKED_BYTES = 4L << 30;
    /** Far above the file count of any real deployment package. */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;
    /** PATH_MAX less the terminating NUL. */
    static final int MAX_LINK_TARGET_BYTES = 4095;
    /** Linux's MAXSYMLINKS: a longer chain fails to resolve on the target too. */
    private static final int MAX_LINK_HOPS = 40;

    private final long maxUnpackedBytes;
    private final int maxEntries;
    private final boolean allowAbsoluteLinks;
    private final boolean allowLinksOut;

    /** Default limits; symbolic links must stay inside the directory. */
    public SafeUnzip() {
        this(DEFAULT_MAX_UNPACKED_BYTES, DEFAULT_MAX_ENTRIES, false, false);
    }

    private SafeUnzip(long maxUnpackedBytes, int maxEntries, boolean allowAbsoluteLinks, boolean allowLinksOut) {
        if (maxUnpackedBytes < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.maxUnpackedBytes = maxUnpackedBytes;
        this.maxEntries = maxEntries;
        this.allowAbsoluteLinks = allowAbsoluteLinks;
        this.allowLinksOut = allowLinksOut;
    }

    public SafeUnzip withMaxUnpackedBytes(long bytes) {
        return new SafeUnzip(bytes, maxEntries, allowAbsoluteLinks, allowLinksOut);
    }

    public SafeUnzip withMaxEntries(int entries) {
        return new SafeUnzip(maxUnpackedBytes, entries, allowAbsoluteLinks, allowLinksOut);
    }

    /** Keeps links to absolute paths as they are (they point into the target, such as a layer under /opt). */
    public SafeUnzip allowingAbsoluteLinks(boolean allowed) {
        return new SafeUnzip(maxUnpackedBytes, maxEntries, allowed, allowLinksOut);
    }

    /** Keeps every link as it is, wherever it points: relative ones that climb out and absolute ones. */
    public SafeUnzip allowingLinksOut(boolean allowed) {
        return new SafeUnzip(maxUnpackedBytes, maxEntries, allowAbsoluteLinks, allowed);
    }

    public long maxUnpackedBytes() {
        return maxUnpackedBytes;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /**
     * What was unpacked.
     *
     * @param directory     where
     * @param files         regular files
     * @param directories   directories with an entry of their own
     * @param symbolicLinks symbolic links
     * @param bytes         content written (files and link targets)
     */
    public record Result(Path directory, int files, int directories, int symbolicLinks, long bytes) {
    }

    /** Unpacks {@code archive} into {@code directory}, naming the archive by its path in errors. */
    public Result unzip(Path archive, Path directory) throws UnzipException, IOException {
        return unzip(archive.toString(), archive, directory);
    }

    /**
     * Unpacks {@code archive} into {@code directory}, which must be empty or not exist yet.
     *
     * @param name how errors name the archive (as the user gave it)
     * @throws UnzipException an entry refused, a limit exceeded, a damaged archive
     * @throws IOException    the archive cannot be opened, or the directory cannot be written
     */
    public Result unzip(String name, Path archive, Path directory) throws UnzipException, IOException {
        boolean created = prepare(name, directory);
        boolean unpacked = false;
        try (ZipFile zip = open(name, archive)) {
            List<Item> items = check(name, zip);
            Result result = new Extraction(name, zip, directory).run(items);
            unpacked = true;
            return result;
        } finally {
            if (!unpacked) {
                clean(directory, created);
            }
        }
    }

    private enum Type { FILE, DIRECTORY, LINK }

    /** An entry, checked: its normalized path, its type and (for links) its target. */
    private static final class Item {
        final ZipArchiveEntry entry;
        final String path;
        final Type type;
        String linkTarget;

        Item(ZipArchiveEntry entry, String path, Type type) {
            this.entry = entry;
            this.path = path;
            this.type = type;
        }

        String name() {
            return entry.getName();
        }
    }

    private static boolean prepare(String name, Path directory) throws UnzipException, IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory);
            return true;
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(directory.toString());
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            if (children.iterator().hasNext()) {
                throw new UnzipException(Reason.DESTINATION_NOT_EMPTY, name, null,
                        "cannot be unpacked into " + directory + ": the directory is not empty", null);
            }
        }
        return false;
    }

    private static ZipFile open(String name, Path archive) throws UnzipException, IOException {
        try {
            return ZipFile.builder().setPath(archive).get();
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(name, null, e);
        }
    }

    private static UnzipException damaged(String name, String entry, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UnzipException(Reason.DAMAGED, name, entry, (entry == null ? "damaged zip archive: " : "is damaged: ")
                + why, e);
    }

    /** Every check that needs no writing: names, types, duplicates, links, declared sizes, the entry count. */
    private List<Item> check(String name, ZipFile zip) throws UnzipException {
        List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
        if (entries.size() > maxEntries) {
            throw new UnzipException(Reason.TOO_MANY_ENTRIES, name, null, "has " + entries.size()
                    + " entries, more than the limit of " + maxEntries + " (refused as a possible zip bomb)", null);
        }
        Map<String, Item> byPath = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        long declared = 0;
        for (ZipArchiveEntry e : entries) {
            Item item = classify(name, zip, e);
            if (item == null) {
                continue;
            }
            if (byPath.putIfAbsent(item.path, item) != null) {
                throw new UnzipException(Reason.DUPLICATE, name, e.getName(), "appears twice", null);
            }
            items.add(item);
            if (item.type == Type.FILE && e.getSize() > 0) {
                declared += e.getSize();
                if (declared > maxUnpackedBytes) {
                    throw tooLarge(name, e.getName());
                }
            }
        }
        for (Item item : items) {
            String p = item.path;
            for (int slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', slash + 1)) {
                Item above = byPath.get(p.substring(0, slash));
                if (above != null && above.type == Type.LINK) {
                    throw new UnzipException(Reason.THROUGH_SYMBOLIC_LINK, name, item.name(),
                            "would be written through the symbolic link " + above.name(), null);
                }
                if (above != null && above.type == Type.FILE) {
                    throw new UnzipException(Reason.CONFLICT, name, item.name(), "needs " + above.name()
                            + " to be a directory, but it is a file", null);
                }
            }
        }
        Map<String, String> links = new HashMap<>();
        for (Item item : items) {
            if (item.type == Type.LINK) {
                item.linkTarget = readLink(name, zip, item);
                links.put(item.path, item.linkTarget);
            }
        }
        for (Item item : items) {
            if (item.type == Type.LINK) {
                checkLink(name, item, links);
            }
        }
        return items;
    }

    private Item classify(String name, ZipFile zip, ZipArchiveEntry e) throws UnzipException {
        String raw = e.getName();
        String path = EntryNames.normalize(name, raw);
        String clean = raw.replace('\\', '/');
        int mode = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() : 0;
        int format = mode & 0170000;
        Type type;
        if (clean.endsWith("/") || format == 040000) {
            type = Type.DIRECTORY;
        } else if (format == 0120000) {
            type = Type.LINK;
        } else if (format == 0 || format == 0100000) {
            type = Type.FILE;
        } else {
            throw new UnzipException(Reason.UNSUPPORTED_TYPE, name, raw, "is a device, FIFO or socket (mode "
                    + Integer.toOctalString(mode) + ")", null);
        }
        if (path.isEmpty()) {
            if (type == Type.DIRECTORY) {
                return null;
            }
            throw new UnzipException(Reason.BAD_NAME, name, raw, "names no file", null);
        }
        if (type != Type.DIRECTORY && !zip.canReadEntryData(e)) {
            throw new UnzipException(Reason.UNSUPPORTED_METHOD, name, raw,
                    "is encrypted or uses a compression method that cannot be read", null);
        }
        return new Item(e, path, type);
    }

    private static String readLink(String name, ZipFile zip, Item item) throws UnzipException {
        byte[] target;
        try (InputStream in = zip.getInputStream(item.entry)) {
            target = in.readNBytes(MAX_LINK_TARGET_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            throw damaged(name, item.name(), e);
        }
        String problem = target.length == 0 ? "has an empty target"
                : target.length > MAX_LINK_TARGET_BYTES ? "has a target longer than " + MAX_LINK_TARGET_BYTES + " bytes"
                : indexOf(target, (byte) 0) >= 0 ? "has a NUL character in its target" : null;
        if (problem != null) {
            throw new UnzipException(Reason.BAD_LINK, name, item.name(), "is a symbolic link that " + problem, null);
        }
        return new String(target, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void checkLink(String name, Item item, Map<String, String> links) throws UnzipException {
        if (allowLinksOut) {
            return;
        }
        if (item.linkTarget.startsWith("/")) {
            if (!allowAbsoluteLinks) {
                throw new UnzipException(Reason.ABSOLUTE_LINK, name, item.name(), "is a symbolic link to the absolute path "
                        + item.linkTarget + ", which is not allowed here", null);
            }
            return;
        }
        if (!staysInside(item.path, item.linkTarget, links)) {
            throw new UnzipException(Reason.LINK_ESCAPES, name, item.name(), "is a symbolic link to " + item.linkTarget
                    + ", which points outside the archive", null);
        }
    }

    /**
     * Whether a relative link, resolved as the kernel would through the archive's own links,
     * stays inside the directory. A chain that reaches an absolute link ends there (that link is
     * judged on its own); one longer than the kernel follows never resolves, so reaches nothing.
     */
    static boolean staysInside(String linkPath, String target, Map<String, String> links) {
        ArrayDeque<String> at = new ArrayDeque<>(List.of(linkPath.split("/")));
        at.removeLast();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(target.split("/")));
        int hops = 0;
        while (!todo.isEmpty()) {
            String s = todo.removeFirst();
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (at.isEmpty()) {
                    return false;
                }
                at.removeLast();
                continue;
            }
            at.addLast(s);
            String via = links.get(String.join("/", at));
            if (via != null) {
                if (++hops > MAX_LINK_HOPS || via.startsWith("/")) {
                    return true;
                }
                at.removeLast();
                String[] more = via.split("/");
                for (int i = more.length - 1; i >= 0; i--) {
                    todo.addFirst(more[i]);
                }
            }
        }
        return true;
    }

    private UnzipException tooLarge(String name, String entry) {
        return new UnzipException(Reason.TOO_LARGE, name, entry, "takes the archive past " + maxUnpackedBytes
                + " unpacked bytes, the limit (refused as a possible zip bomb)", null);
    }

    /** Writing, once every check passed. */
    private final class Extraction {
        private final String name;
        private final ZipFile zip;
        private final Path root;
        private long total;

        Extraction(String name, ZipFile zip, Path root) {
            this.name = name;
            this.zip = zip;
            this.root = root;
        }

        Result run(List<Item> items) throws UnzipException, IOException {
            int files = 0;
            int directories = 0;
            int links = 0;
            List<Item> explicitDirectories = new ArrayList<>();
            for (Item item : items) {
                if (item.type == Type.DIRECTORY) {
                    Files.createDirectories(root.resolve(item.path));
                    explicitDirectories.add(item);
                    directories++;
                } else if (item.type == Type.FILE) {
                    Path out = root.resolve(item.path);
                    Files.createDirectories(out.getParent());
                    copy(item, out);
                    setMode(out, filePermissions(item.entry));
                    files++;
                }
            }
            for (Item item : items) {
                if (item.type == Type.LINK) {
                    Path out = root.resolve(item.path);
                    Files.createDirectories(out.getParent());
                    total += item.linkTarget.getBytes(StandardCharsets.UTF_8).length;
                    if (total > maxUnpackedBytes) {
                        throw tooLarge(name, item.name());
                    }
                    Files.createSymbolicLink(out, Path.of(item.linkTarget));
                    links++;
                }
            }
            for (Item item : explicitDirectories) {
                int mode = item.entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? item.entry.getUnixMode() & 0777 : 0;
                setMode(root.resolve(item.path), mode == 0 ? 0755 : mode | 0700);
            }
            return new Result(root, files, directories, links, total);
        }

        private void copy(Item item, Path out) throws UnzipException, IOException {
            ZipArchiveEntry e = item.entry;
            CRC32 crc = new CRC32();
            long written = 0;
            try (InputStream in = openEntry(item);
                 OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                         LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[1 << 16];
                for (;;) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException | RuntimeException x) {
                        throw damaged(name, item.name(), x);
                    }
                    if (n < 0) {
                        break;
                    }
                    written += n;
                    total += n;
                    if (total > maxUnpackedBytes) {
                        throw tooLarge(name, item.name());
                    }
                    crc.update(buf, 0, n);
                    o.write(buf, 0, n);
                }
            }
            if (e.getSize() >= 0 && written != e.getSize()) {
                throw new UnzipException(Reason.DAMAGED, name, item.name(), "is damaged: " + written
                        + " bytes unpacked, " + e.getSize() + " expected", null);
            }
            if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
                throw new UnzipException(Reason.DAMAGED, name, item.name(), "is damaged: its CRC does not match", null);
            }
        }

        private InputStream openEntry(Item item) throws UnzipException {
            try {
                return zip.getInputStream(item.entry);
            } catch (IOException | RuntimeException x) {
                throw damaged(name, item.name(), x);
            }
        }
    }

    private static int filePermissions(ZipArchiveEntry e) {
        int mode = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & 0777 : 0;
        return mode == 0 ? 0644 : mode;
    }

    private static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, set);
        } catch (UnsupportedOperationException e) {
            // A file system without unix modes keeps its own.
        }
    }

    /** Removes what was unpacked, and the directory itself when it was made here. */
    private static void clean(Path directory, boolean created) {
        if (created) {
            OutputFiles.deleteTree(directory);
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                OutputFiles.deleteTree(child);
            }
        } catch (IOException e) {
            // Best effort: the caller owns the directory.
        }
    }
}
