package dev.nativepack.core.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Debian root file systems for tests that need a whole distribution rather than a few
 * compiled files: made once with debootstrap and kept in a cache, since making one downloads
 * about 40 MB and takes most of a minute. A root is built in a directory beside its final place
 * and renamed when complete, under a file lock, so two test JVMs (two Maven modules) asking at
 * once get one build and never see half of one. Missing tools fail the test, never skip it.
 */
public final class DebianRoots {
    /** Overrides where the bullseye root is kept (and built when missing). */
    public static final String BULLSEYE_ENV = "NATIVEPACK_BULLSEYE_ROOT";
    /** Overrides the mirror, e.g. once bullseye has moved to archive.debian.org. */
    public static final String MIRROR_ENV = "NATIVEPACK_DEBIAN_MIRROR";
    static final String MIRROR = "http://deb.debian.org/debian";
    private static final long BUILD_TIMEOUT_MINUTES = 20;

    private DebianRoots() {
    }

    /**
     * The root made by {@code debootstrap --variant=minbase --arch=amd64 bullseye DIR MIRROR}
     * (Debian 11, glibc 2.31), built on first use; programs in it run with {@code chroot DIR}.
     * Kept in {@code ~/.cache/nativepack/roots/bullseye-minbase-amd64} unless {@value #BULLSEYE_ENV}
     * names another directory.
     */
    public static synchronized Path bullseye() throws IOException {
        String configured = System.getenv(BULLSEYE_ENV);
        Path location = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "nativepack", "roots", "bullseye-minbase-amd64");
        return cached(location.toAbsolutePath().normalize(), "bullseye");
    }

    private static Path cached(Path location, String suite) throws IOException {
        if (Files.isDirectory(location)) {
            return checked(location);
        }
        Files.createDirectories(location.getParent());
        Path lockFile = location.resolveSibling(location.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                // Another JVM may have finished the build while this one waited for the lock.
                if (!Files.isDirectory(location)) {
                    build(location, suite);
                }
            } finally {
                lock.release();
            }
        }
        return checked(location);
    }

    /** A directory at the location that is not a root (a wrong override) would make every test fail obscurely. */
    private static Path checked(Path location) {
        Path libc = location.resolve("usr/lib/x86_64-linux-gnu/libc.so.6");
        if (!Files.exists(libc) && !Files.exists(location.resolve("lib/x86_64-linux-gnu/libc.so.6"))) {
            throw new AssertionError(location + " exists but is not a Debian amd64 root (no libc.so.6 in"
                    + " lib/x86_64-linux-gnu): delete it to have it built again, or point " + BULLSEYE_ENV
                    + " at a debootstrap'd root");
        }
        return location;
    }

    private static void build(Path location, String suite) throws IOException {
        String debootstrap = systemTool("debootstrap", "apt-get install debootstrap (.ci/run installs it)");
        String chrootTool = systemTool("chroot", "it is part of coreutils");
        if (!isRoot()) {
            throw new AssertionError("building the Debian " + suite + " test root needs root (debootstrap and"
                    + " chroot do): run the tests as root, or set " + BULLSEYE_ENV + " to a root made with"
                    + " 'debootstrap --variant=minbase " + suite + " DIR " + MIRROR + "'");
        }
        String name = location.getFileName().toString();
        removePartialBuilds(location.getParent(), name);
        Path partial = Files.createTempDirectory(location.getParent(), name + ".partial-");
        Path log = partial.resolveSibling(partial.getFileName() + ".log");
        String mirror = System.getenv().getOrDefault(MIRROR_ENV, MIRROR);
        int code = run(log, debootstrap, "--variant=minbase", "--arch=amd64", suite, partial.toString(), mirror);
        if (code != 0) {
            String tail = tail(log, 30);
            remove(partial);
            throw new AssertionError("debootstrap " + suite + " into " + partial + " exited " + code
                    + " (network or mirror problem? set " + MIRROR_ENV + " to another mirror); last lines of "
                    + log + ":\n" + tail);
        }
        // The tests run programs of the root with chroot: prove that works before publishing it.
        int chroot = run(log, chrootTool, partial.toString(), "/bin/true");
        if (chroot != 0) {
            throw new AssertionError("'chroot " + partial + " /bin/true' exited " + chroot + "; see " + log);
        }
        // A temporary directory is private (0700); the root of a system is not.
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(partial, location, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(log);
    }

    /** debootstrap and chroot live in /usr/sbin, which a user's PATH may leave out. */
    private static String systemTool(String name, String hint) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError("missing tool '" + name + "', needed to build the Debian test root: " + hint
                + "; or set " + BULLSEYE_ENV + " to a root made with debootstrap");
    }

    /** /proc/self belongs to the process's user. */
    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** Leftovers of a build that was killed; only a lock holder creates them, so none is in progress. */
    private static void removePartialBuilds(Path parent, String name) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, name + ".partial-*")) {
            for (Path leftover : leftovers) {
                remove(leftover);
            }
        }
    }

    /**
     * rm rather than a Java walk: a killed debootstrap can leave /proc or /sys mounted inside the
     * tree, and --one-file-system keeps rm out of them.
     */
    private static void remove(Path dir) throws IOException {
        int code = run(null, "rm", "-rf", "--one-file-system", dir.toString());
        if (code != 0) {
            throw new AssertionError("could not remove " + dir + " (rm exited " + code + "): remove it by hand");
        }
    }

    /** Runs a command, appending its output to {@code log} (or discarding it), and returns its exit code. */
    private static int run(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = pb.start();
        try {
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + BUILD_TIMEOUT_MINUTES
                        + " minutes" + (log == null ? "" : "; see " + log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        return process.exitValue();
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
