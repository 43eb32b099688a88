package dev.nativepack.core.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * rpm's database of a root, asked of this machine's rpm program ({@code rpm --root}): its formats
 * (sqlite, Berkeley DB, ndb) are not worth reading by hand. Only a root whose database directory
 * holds a database is asked (Debian's rpm package leaves an empty /var/lib/rpm on the host), and
 * only when rpm is on the PATH. A query that fails or outlasts its time throws, so the caller can
 * leave rpm out as it leaves out a dpkg database it cannot read.
 *
 * <p>rpm's output is read as records it cannot forge: each begins, divides and ends with control
 * characters that no file name or dependency of a package may hold (rpmbuild refuses them).
 */
public final class RpmDatabase implements PackageDatabase {
    /** Where distributions keep it, newest first; Fedora's /var/lib/rpm is a link to the first. */
    private static final String[] DATABASE_DIRS = {"usr/lib/sysimage/rpm", "var/lib/rpm"};
    /**
     * The files an install rewrites, one per backend (sqlite with its log, Berkeley DB, ndb). Not
     * rpmdb.sqlite-shm, .rpm.lock or bdb's __db files: rpm touches them on every query.
     */
    private static final String[] DATABASE_FILES = {"rpmdb.sqlite", "rpmdb.sqlite-wal", "Packages", "Packages.db"};
    private static final long TIMEOUT_SECONDS = 60;
    /** Files asked about in one call: far below any command line's limit. */
    private static final int FILES_A_CALL = 200;

    private static final char BEGIN = '\u0001';
    private static final char FIELD = '\u0002';
    private static final char FILES = '\u0003';
    private static final char END = '\u0004';
    private static final String FORMAT = BEGIN + "%{NVRA}" + FIELD + "%{NAME}" + FIELD + "%{EPOCHNUM}" + FIELD
            + "%{VERSION}" + FIELD + "%{RELEASE}" + FIELD + "%{ARCH}" + FIELD + "%{SOURCERPM}\n"
            + "[%{REQUIRENAME}\n]" + FILES + "\n[%{FILENAMES}\n]" + END + "\n";

    /** One installed package as the query format prints it. */
    private record Installed(String nvra, String name, String epoch, String version, String release, String arch,
                             String sourceRpm, List<String> requires, List<String> files) {
    }

    private final Path root;
    private final Path program;
    /** The database directory on this machine, and as rpm's --dbpath names it inside the root; null without one. */
    private final Path databaseDir;
    private final String dbPath;
    private final Map<String, Installed> known = new HashMap<>();
    private final Map<String, List<String>> providers = new HashMap<>();
    private String vendor;

    private RpmDatabase(Path root, Path program) {
        this.root = root.toAbsolutePath().normalize();
        this.program = program;
        Path found = null;
        String foundAt = null;
        for (String dir : DATABASE_DIRS) {
            Path d = this.root.resolve(dir);
            if (holdsDatabase(d)) {
                found = d;
                foundAt = "/" + dir;
                break;
            }
        }
        this.databaseDir = found;
        this.dbPath = foundAt;
    }

    /** The database of a root file system, asked of the rpm on the PATH. */
    public static RpmDatabase of(Path root) {
        return new RpmDatabase(root, onPath("rpm"));
    }

    /** As {@link #of(Path)} with another rpm program; one that is not an executable file is never run. */
    public static RpmDatabase of(Path root, Path program) {
        return new RpmDatabase(root, program);
    }

    private static boolean holdsDatabase(Path dir) {
        for (String f : DATABASE_FILES) {
            if (Files.isRegularFile(dir.resolve(f))) {
                return true;
            }
        }
        return false;
    }

    private static Path onPath(String tool) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "rpm";
    }

    /** A database on the root and an rpm program to ask it. */
    @Override
    public boolean exists() {
        return databaseDir != null && program != null && Files.isRegularFile(program) && Files.isExecutable(program);
    }

    /** The database files' sizes and times (those an install changes, not those a query touches). */
    @Override
    public String state() {
        if (!exists()) {
            return null;
        }
        StringBuilder out = new StringBuilder("rpm ").append(databaseDir);
        try {
            for (String f : DATABASE_FILES) {
                Path p = databaseDir.resolve(f);
                if (Files.isRegularFile(p)) {
                    var a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.append(' ').append(f).append(' ').append(a.size()).append(' ')
                            .append(a.lastModifiedTime().toMillis());
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out.toString();
    }

    @Override
    public Map<Path, Owner> owners(Collection<Path> files) throws IOException {
        Map<Path, Owner> out = new HashMap<>();
        if (!exists() || files.isEmpty()) {
            return out;
        }
        Path realRoot = root.toRealPath();
        Map<String, Path> asked = new LinkedHashMap<>();
        for (Path f : files) {
            if (f.startsWith(realRoot)) {
                asked.put("/" + realRoot.relativize(f), f);
            }
        }
        List<String> paths = new ArrayList<>(asked.keySet());
        for (int from = 0; from < paths.size(); from += FILES_A_CALL) {
            List<String> args = new ArrayList<>(List.of("-qf"));
            args.addAll(paths.subList(from, Math.min(paths.size(), from + FILES_A_CALL)));
            for (Installed p : query(args)) {
                for (Map.Entry<String, Path> e : asked.entrySet()) {
                    if (!out.containsKey(e.getValue()) && lists(p, e.getKey(), e.getValue())) {
                        out.put(e.getValue(), owner(p));
                    }
                }
            }
        }
        return out;
    }

    /** The package lists this file: by its path, or by another path to the same file (a linked directory). */
    private boolean lists(Installed p, String rootPath, Path file) throws IOException {
        if (p.files().contains(rootPath)) {
            return true;
        }
        String name = rootPath.substring(rootPath.lastIndexOf('/'));
        for (String line : p.files()) {
            if (line.endsWith(name)) {
                Path at = root.resolve(line.substring(1));
                if (Files.exists(at) && Files.isSameFile(at, file)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Owner owner(Installed p) {
        String version = p.version() + "-" + p.release();
        String qualifiers = "?arch=" + purlEncode(p.arch()) + (p.epoch().equals("0") ? "" : "&epoch=" + p.epoch());
        String namespace = vendor();
        return new Owner(p.name(), p.epoch().equals("0") ? version : p.epoch() + ":" + version, p.nvra(),
                namespace == null ? null : "pkg:rpm/" + namespace + "/" + purlEncode(p.name()) + "@"
                        + purlEncode(version) + qualifiers);
    }

    /** The purl namespace: the root's distribution as os-release names it (fedora, rhel, opensuse-leap). */
    private synchronized String vendor() {
        if (vendor == null) {
            vendor = "";
            for (String f : new String[] {"etc/os-release", "usr/lib/os-release"}) {
                Path p = root.resolve(f);
                try {
                    if (Files.isRegularFile(p)) {
                        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                            if (line.startsWith("ID=")) {
                                vendor = line.substring(3).replace("\"", "").replace("'", "").strip()
                                        .toLowerCase(Locale.ROOT);
                            }
                        }
                        break;
                    }
                } catch (IOException | RuntimeException e) {
                    break;
                }
            }
        }
        return vendor.isEmpty() ? null : purlEncode(vendor);
    }

    @Override
    public List<String> files(String list) throws IOException {
        Installed p = installed(list);
        return p == null ? List.of() : p.files();
    }

    /** The packages that provide what it requires (rpm's own features left out), by name-version-release.arch. */
    @Override
    public synchronized List<String> dependencies(String list) throws IOException {
        List<String> kept = providers.get(list);
        if (kept != null) {
            return kept;
        }
        Installed p = installed(list);
        List<String> requires = new ArrayList<>();
        for (String r : p == null ? List.<String>of() : p.requires()) {
            if (!r.startsWith("rpmlib(") && !requires.contains(r)) {
                requires.add(r);
            }
        }
        List<String> out = new ArrayList<>();
        if (!requires.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("-q", "--whatprovides"));
            args.addAll(requires);
            for (Installed provider : query(args)) {
                if (!provider.nvra().equals(list) && !out.contains(provider.nvra())) {
                    out.add(provider.nvra());
                }
            }
        }
        providers.put(list, List.copyOf(out));
        return providers.get(list);
    }

    @Override
    public String packageName(String list) throws IOException {
        Installed p = installed(list);
        return p == null ? list : p.name();
    }

    /** Its SOURCERPM ({@code gdal-3.6.2-1.fc38.src.rpm}); its own name for a package without one. */
    @Override
    public String source(String list) throws IOException {
        Installed p = installed(list);
        if (p == null) {
            return null;
        }
        return p.sourceRpm().isEmpty() || p.sourceRpm().equals("(none)") ? p.nvra() : p.sourceRpm();
    }

    private synchronized Installed installed(String list) throws IOException {
        if (!known.containsKey(list) && exists()) {
            List<Installed> found = query(List.of("-q", list));
            // A plain name may match several (multilib): the first stands for it.
            known.putIfAbsent(list, found.isEmpty() ? null : found.get(0));
        }
        return known.get(list);
    }

    /** Runs one query and notes every package it printed. */
    private synchronized List<Installed> query(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(program.toString(), "--root", root.toString(), "--dbpath",
                dbPath, "--qf", FORMAT));
        command.addAll(args);
        List<Installed> out = parse(run(command));
        for (Installed p : out) {
            known.put(p.nvra(), p);
        }
        return out;
    }

    /**
     * The program's standard output. rpm exits non-zero for each file no package owns; it fails when
     * it says so ("error:" on standard error: a damaged or unreadable database), or does not finish.
     * "error: file /x: No such file or directory" is not a failure: rpm looks for an unowned file on
     * this machine rather than in the root, and says so for one only the root has.
     */
    private static String run(List<String> command) throws IOException {
        Path stdout = Files.createTempFile("nativepack-rpm", ".out");
        Path stderr = Files.createTempFile("nativepack-rpm", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // rpm's messages in English, whatever the user's locale: they are read.
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("rpm did not answer within " + TIMEOUT_SECONDS + " s: " + String.join(" ",
                            command.subList(0, Math.min(command.size(), 8))));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rpm ran", e);
            }
            for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
                if (line.startsWith("error:") && !line.startsWith("error: file /")) {
                    throw new IOException("rpm failed (exit " + p.exitValue() + "): " + line);
                }
            }
            return new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** The records in rpm's output; lines outside them (rpm's "not owned", "no package provides") are skipped. */
    private static List<Installed> parse(String output) {
        List<Installed> out = new ArrayList<>();
        String[] header = null;
        List<String> requires = new ArrayList<>();
        List<String> files = new ArrayList<>();
        boolean inFiles = false;
        for (String line : output.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) == BEGIN) {
                header = line.substring(1).split(String.valueOf(FIELD), -1);
                requires = new ArrayList<>();
                files = new ArrayList<>();
                inFiles = false;
            } else if (header == null) {
                continue;
            } else if (line.equals(String.valueOf(FILES))) {
                inFiles = true;
            } else if (line.equals(String.valueOf(END))) {
                if (header.length == 7 && inFiles) {
                    out.add(new Installed(header[0], header[1], header[2], header[3], header[4], header[5], header[6],
                            List.copyOf(requires), List.copyOf(files)));
                }
                header = null;
            } else if (inFiles) {
                files.add(line);
            } else {
                requires.add(line);
            }
        }
        return out;
    }

    /** Percent-encodes what a purl segment may not hold as it is. */
    private static String purlEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if (ch < 0x80 && (Character.isLetterOrDigit(ch) || ch == '.' || ch == '-' || ch == '_' || ch == '~')) {
                out.append(ch);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
