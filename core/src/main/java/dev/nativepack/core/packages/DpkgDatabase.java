package dev.nativepack.core.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * dpkg's database read as files (its file lists and status), never by running dpkg: which package
 * owns a file, what a package installed, what it depends on. Paths are compared as files, since a
 * package may list /lib/x when the file is reached as /usr/lib/x. Without a database (another
 * distribution, an empty directory) every answer is empty.
 */
public final class DpkgDatabase {
    /**
     * A package and its installed version.
     *
     * @param list the name of its file list in the database: the package, with {@code :arch} for a
     *             multi-arch one ({@code libproj25:amd64})
     */
    public record Owner(String pkg, String version, String list) {
    }

    private final Path info;
    private final Path status;
    private final Path root;
    private DpkgStatus installed;
    private final Map<String, List<String>> lists = new HashMap<>();
    /** Every file list's bytes by list name, when read ahead. */
    private CompletableFuture<Map<String, byte[]>> readAhead;

    private DpkgDatabase(Path adminDir, Path root) {
        this.info = adminDir.resolve("info");
        this.status = adminDir.resolve("status");
        this.root = root;
    }

    /** The database of a root file system ({@code ROOT/var/lib/dpkg}). */
    public static DpkgDatabase of(Path root) {
        return new DpkgDatabase(root.resolve("var/lib/dpkg"), root);
    }

    /** A database kept elsewhere (dpkg's --admindir) describing the files under {@code root}. */
    public static DpkgDatabase at(Path adminDir, Path root) {
        return new DpkgDatabase(adminDir, root);
    }

    public boolean exists() {
        return Files.isDirectory(info);
    }

    /**
     * Starts reading every file list on another thread, for a caller with other work to do before
     * it asks for owners (an audit resolving its closures): the lists of a desktop system are
     * hundreds of files and megabytes.
     */
    public DpkgDatabase readingAhead() {
        if (readAhead == null && exists()) {
            readAhead = CompletableFuture.supplyAsync(() -> {
                try {
                    return readLists();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return this;
    }

    private Map<String, byte[]> readLists() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(info, "*.list")) {
            for (Path list : found) {
                String name = list.getFileName().toString();
                out.put(name.substring(0, name.length() - ".list".length()), Files.readAllBytes(list));
            }
        }
        return out;
    }

    private Map<String, byte[]> allLists() throws IOException {
        if (readAhead == null) {
            return readLists();
        }
        try {
            return readAhead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** Owners of the given files (real paths); files no package lists are left out. */
    public Map<Path, Owner> owners(Collection<Path> files) throws IOException {
        Map<Path, Owner> out = new HashMap<>();
        if (!exists() || files.isEmpty()) {
            return out;
        }
        Map<String, Set<Path>> byName = new HashMap<>();
        for (Path f : files) {
            byName.computeIfAbsent(f.getFileName().toString(), k -> new HashSet<>()).add(f);
        }
        int[] hashes = new int[byName.size()];
        int n = 0;
        for (String name : byName.keySet()) {
            hashes[n++] = hash(name.getBytes(StandardCharsets.UTF_8));
        }
        Arrays.sort(hashes);
        for (Map.Entry<String, byte[]> list : allLists().entrySet()) {
            scan(list.getValue(), list.getKey(), byName, hashes, out);
        }
        return out;
    }

    /**
     * Goes through a list's bytes in one pass, hashing each line's file name as it goes, and makes a string
     * only of a line whose hash is a wanted name's: the lists of a desktop system are megabytes,
     * and this runs on every audit.
     */
    private void scan(byte[] bytes, String listName, Map<String, Set<Path>> byName, int[] hashes, Map<Path, Owner> out)
            throws IOException {
        int lineStart = 0;
        int nameStart = 0;
        int h = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '/') {
                nameStart = i + 1;
                h = 0;
            } else if (b != '\n') {
                h = 31 * h + b;
            } else {
                if (Arrays.binarySearch(hashes, h) >= 0) {
                    Set<Path> wanted = byName.get(new String(bytes, nameStart, i - nameStart, StandardCharsets.UTF_8));
                    if (wanted != null) {
                        match(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8), listName, wanted, out);
                    }
                }
                lineStart = i + 1;
                nameStart = i + 1;
                h = 0;
            }
        }
    }

    /** The hash {@link #scan} computes over a file name's bytes. */
    private static int hash(byte[] bytes) {
        int h = 0;
        for (int i = 0; i < bytes.length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    private void match(String line, String listName, Set<Path> wanted, Map<Path, Owner> out) throws IOException {
        Path listed = root.resolve(line.substring(1));
        for (Path f : wanted) {
            if (!out.containsKey(f) && Files.exists(listed) && Files.isSameFile(listed, f)) {
                String pkg = listName.contains(":") ? listName.substring(0, listName.indexOf(':')) : listName;
                DpkgStatus.Installed p = status().get(listName);
                out.put(f, new Owner(pkg, p == null ? "" : p.version(), listName));
            }
        }
    }

    /** Every path a package's list names (directories too), as dpkg -L prints them; empty for an unknown one. */
    public List<String> files(String list) throws IOException {
        List<String> known = lists.get(list);
        if (known != null) {
            return known;
        }
        List<String> out = new ArrayList<>();
        Path file = info.resolve(list + ".list");
        if (!Files.isRegularFile(file) && status().get(list) != null) {
            // A dependency named without its architecture: dpkg keeps a multi-arch package's list as name:arch.
            file = info.resolve(list + ":" + status().get(list).architecture() + ".list");
        }
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("/") && !line.equals("/.")) {
                    out.add(line);
                }
            }
        }
        lists.put(list, List.copyOf(out));
        return lists.get(list);
    }

    /** The packages a package depends on (Depends and Pre-Depends, every alternative), by name. */
    public List<String> dependencies(String pkg) throws IOException {
        DpkgStatus.Installed p = status().get(pkg);
        return p == null ? List.of() : p.depends();
    }

    /** The source package a package was built from (its own name when it says none), or null for an unknown one. */
    public String source(String pkg) throws IOException {
        DpkgStatus.Installed p = status().get(pkg);
        return p == null ? null : p.source();
    }

    private DpkgStatus status() throws IOException {
        if (installed == null) {
            installed = DpkgStatus.read(status);
        }
        return installed;
    }
}
