package dev.nativepack.core.packages;

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

    /** Everything read of the database: every file list, indexed, and the status file. */
    private record Contents(FileListIndex lists, DpkgStatus status) {
    }

    private final Path info;
    private final Path statusFile;
    private final Path root;
    private final Map<String, List<String>> listed = new HashMap<>();
    private CompletableFuture<Contents> reading;
    private DpkgStatus status;

    private DpkgDatabase(Path adminDir, Path root) {
        this.info = adminDir.resolve("info");
        this.statusFile = adminDir.resolve("status");
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
     * Starts reading the whole database on another thread, for a caller with other work to do
     * before it asks for owners (an audit resolving its closures): the lists of a desktop system
     * are hundreds of files and megabytes.
     */
    public synchronized DpkgDatabase readingAhead() {
        if (reading == null && exists()) {
            reading = CompletableFuture.supplyAsync(new Reader(info, statusFile));
        }
        return this;
    }

    /** Reads the database. A class rather than a lambda: a short run pays for each lambda. */
    private record Reader(Path info, Path statusFile) implements Supplier<Contents> {
        @Override
        public Contents get() {
            try {
                return new Contents(FileListIndex.read(info), DpkgStatus.read(statusFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
    public Map<Path, Owner> owners(Collection<Path> files) throws IOException {
        Map<Path, Owner> out = new HashMap<>();
        if (!exists() || files.isEmpty()) {
            return out;
        }
        FileListIndex index = contents().lists();
        for (Path f : files) {
            for (FileListIndex.Line line : index.named(f.getFileName().toString())) {
                Path at = root.resolve(line.path().substring(1));
                if (Files.exists(at) && Files.isSameFile(at, f)) {
                    String list = line.list();
                    DpkgStatus.Installed p = status().get(list);
                    out.put(f, new Owner(list.contains(":") ? list.substring(0, list.indexOf(':')) : list,
                            p == null ? "" : p.version(), list));
                    break;
                }
            }
        }
        return out;
    }

    /** Every path a package's list names (directories too), as dpkg -L prints them; empty for an unknown one. */
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
        List<String> lines = reading != null ? contents().lists().lines(name) : null;
        if (lines == null && Files.isRegularFile(info.resolve(name + ".list"))) {
            lines = Files.readAllLines(info.resolve(name + ".list"), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (String line : lines == null ? List.<String>of() : lines) {
            if (line.startsWith("/") && !line.equals("/.")) {
                out.add(line);
            }
        }
        listed.put(list, List.copyOf(out));
        return listed.get(list);
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

    private synchronized DpkgStatus status() throws IOException {
        if (status == null) {
            status = reading != null ? contents().status() : DpkgStatus.read(statusFile);
        }
        return status;
    }
}
