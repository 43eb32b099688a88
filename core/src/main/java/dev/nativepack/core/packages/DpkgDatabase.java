package dev.nativepack.core.packages;

import dev.nativepack.core.cache.FileCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * dpkg's database read as files (its file lists and status), never by running dpkg: which package
 * owns a file, what a package installed, what it depends on. Paths are compared as files, since a
 * package may list /lib/x when the file is reached as /usr/lib/x. Without a database (another
 * distribution, an empty directory) every answer is empty.
 *
 * <p>Finding an owner means knowing every list, hundreds of files and megabytes on a desktop
 * system: their index by file name is kept in the nativepack cache ({@code dpkg/}) until dpkg
 * changes the database, so that only the first run after a change reads them all.
 */
public final class DpkgDatabase implements PackageDatabase {

    /** Everything read of the database: which lists name which file names, and the status file. */
    private record Contents(FileListIndex lists, DpkgStatus status) {
    }

    /** Indexes of a few states of a few databases; each is about 8 bytes a listed path. */
    private static final long CACHE_BYTES = 32L << 20;

    private final Path info;
    private final Path statusFile;
    private final Path root;
    private final FileCache cache;
    private final Map<String, List<String>> listed = new HashMap<>();
    private CompletableFuture<Contents> reading;
    private DpkgStatus status;

    private DpkgDatabase(Path adminDir, Path root, Path cacheDirectory) {
        this.info = adminDir.resolve("info");
        this.statusFile = adminDir.resolve("status");
        this.root = root;
        this.cache = new FileCache(cacheDirectory, CACHE_BYTES);
    }

    /** The database of a root file system ({@code ROOT/var/lib/dpkg}). */
    public static DpkgDatabase of(Path root) {
        return at(root.resolve("var/lib/dpkg"), root);
    }

    /** A database kept elsewhere (dpkg's --admindir) describing the files under {@code root}. */
    public static DpkgDatabase at(Path adminDir, Path root) {
        return at(adminDir, root, FileCache.defaultRoot().resolve("dpkg"));
    }

    /** As {@link #at(Path, Path)}, keeping the index of its lists in {@code cacheDirectory}. */
    public static DpkgDatabase at(Path adminDir, Path root, Path cacheDirectory) {
        return new DpkgDatabase(adminDir, root, cacheDirectory);
    }

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(info);
    }

    /**
     * What changes whenever a package is installed, removed or upgraded: the status file's size and
     * time and the info directory's time (dpkg rewrites both); null when there is no database. Lets a
     * caller keep what it derived from the database until the next change.
     */
    @Override
    public String state() {
        try {
            if (!exists()) {
                return null;
            }
            var status = Files.readAttributes(statusFile, java.nio.file.attribute.BasicFileAttributes.class);
            return info.toAbsolutePath() + " " + status.size() + " " + status.lastModifiedTime().toMillis() + " "
                    + Files.getLastModifiedTime(info).toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Starts reading the whole database on another thread, for a caller with other work to do
     * before it asks for owners (an audit resolving its closures): the lists of a desktop system
     * are hundreds of files and megabytes.
     */
    public synchronized DpkgDatabase readingAhead() {
        if (reading == null && exists()) {
            reading = CompletableFuture.supplyAsync(new Reader(info, statusFile, cache));
        }
        return this;
    }

    /** Reads the database. A class rather than a lambda: a short run pays for each lambda. */
    private record Reader(Path info, Path statusFile, FileCache cache) implements Supplier<Contents> {
        @Override
        public Contents get() {
            try {
                return new Contents(FileListIndex.of(info, statusFile, cache), DpkgStatus.read(statusFile));
            } catch (IOException e) {
                // The JDK's messages often name no file ("Is a directory"): say whose database it is.
                throw new UncheckedIOException(new IOException("dpkg's database " + info.getParent() + ": "
                        + e.getMessage(), e));
            }
        }
    }

    private Contents contents() throws IOException {
        readingAhead();
        try {
            return reading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** Owners of the given files (real paths); files no package lists are left out. */
    @Override
    public Map<Path, Owner> owners(Collection<Path> files) throws IOException {
        Map<Path, Owner> out = new HashMap<>();
        if (!exists() || files.isEmpty()) {
            return out;
        }
        FileListIndex index = contents().lists();
        for (Path f : files) {
            String list = listNaming(index, f);
            if (list != null) {
                DpkgStatus.Installed p = status().get(list);
                out.put(f, new Owner(list.contains(":") ? list.substring(0, list.indexOf(':')) : list,
                        p == null ? "" : p.version(), list));
            }
        }
        return out;
    }

    /** The first list with a line that is this file; the index names the few worth reading. */
    private String listNaming(FileListIndex index, Path file) throws IOException {
        String name = "/" + file.getFileName();
        for (String list : index.listsNaming(file.getFileName().toString())) {
            for (String line : files(list)) {
                if (line.endsWith(name)) {
                    Path at = root.resolve(line.substring(1));
                    if (Files.exists(at) && Files.isSameFile(at, file)) {
                        return list;
                    }
                }
            }
        }
        return null;
    }

    /** Every path a package's list names (directories too), as dpkg -L prints them; empty for an unknown one. */
    @Override
    public synchronized List<String> files(String list) throws IOException {
        List<String> known = listed.get(list);
        if (known != null) {
            return known;
        }
        String name = list;
        if (!Files.isRegularFile(info.resolve(name + ".list")) && status().get(list) != null) {
            // A dependency named without its architecture: dpkg keeps a multi-arch package's list as name:arch.
            name = list + ":" + status().get(list).architecture();
        }
        List<String> out = new ArrayList<>();
        Path file = info.resolve(name + ".list");
        // Decoded leniently: a list may name a file whose name is not UTF-8.
        String text = Files.isRegularFile(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        for (String line : text.split("\n")) {
            if (line.startsWith("/") && !line.equals("/.")) {
                out.add(line);
            }
        }
        listed.put(list, List.copyOf(out));
        return listed.get(list);
    }

    /** The packages a package depends on (Depends and Pre-Depends, every alternative), by name. */
    @Override
    public List<String> dependencies(String pkg) throws IOException {
        DpkgStatus.Installed p = status().get(pkg);
        return p == null ? List.of() : p.depends();
    }

    /** The source package a package was built from (its own name when it says none), or null for an unknown one. */
    @Override
    public String source(String pkg) throws IOException {
        DpkgStatus.Installed p = status().get(pkg);
        return p == null ? null : p.source();
    }

    private synchronized DpkgStatus status() throws IOException {
        if (status == null) {
            status = reading != null ? contents().status() : DpkgStatus.read(statusFile);
        }
        return status;
    }
}
