package dev.nativepack.core.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps absolute paths on the target to files on this machine under a root directory, resolving
 * symbolic links as a chroot would: an absolute link target starts again at the root, ".." never
 * climbs above it, and more than 40 links in one lookup is a loop (ELOOP), as in Linux. Directories
 * of this machine can be mounted at target paths (a function archive unpacked at the task root).
 */
public final class RootFileSystem {
    static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final boolean hostRoot;
    /** Target directory -> host directory, longest first; empty for a plain root. */
    private final Map<String, Path> mounts;
    private final boolean rootExists;
    /** Target directory -> where its walk ended (canonical), as the loader's lookups share their prefix. */
    private final Map<String, Walk> directories = new HashMap<>();
    private final Map<String, Boolean> directoryExists = new HashMap<>();

    public RootFileSystem(Path root) {
        this(root, Map.of());
    }

    RootFileSystem(Path root, Map<String, Path> mounts) {
        this.root = root.toAbsolutePath().normalize();
        Map<String, Path> sorted = new java.util.TreeMap<>((a, b) -> a.length() != b.length()
                ? Integer.compare(b.length(), a.length()) : a.compareTo(b));
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            String at = m.getKey();
            while (at.length() > 1 && at.endsWith("/")) {
                at = at.substring(0, at.length() - 1);
            }
            sorted.put(at, m.getValue().toAbsolutePath().normalize());
        }
        this.mounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sorted));
        this.hostRoot = this.root.getParent() == null && this.mounts.isEmpty();
        this.rootExists = Files.isDirectory(this.root);
    }

    /**
     * True when nothing can exist at this target path: there is no root directory (a target known
     * only as data) and no mount holds the path. Saves a failing system call, and the exception
     * Java makes of it, for each of the many candidates such a search tries.
     */
    boolean nothingAt(String targetPath) {
        if (rootExists || !targetPath.startsWith("/")) {
            return false;
        }
        for (String at : mounts.keySet()) {
            if (targetPath.equals(at) || at.equals("/") || targetPath.startsWith(at + "/")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The target path of a file on this machine that lies under the root or a mount, or null.
     * {@code real} must be canonical.
     */
    String targetPathOf(Path real) throws IOException {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            Path mounted = m.getValue().toRealPath();
            if (real.startsWith(mounted)) {
                String rest = mounted.relativize(real).toString();
                return rest.isEmpty() ? m.getKey() : (m.getKey().equals("/") ? "/" : m.getKey() + "/") + rest;
            }
        }
        if (hostRoot || !Files.isDirectory(root)) {
            // No root directory (a target known only as data): nothing of this machine is inside it.
            return null;
        }
        Path realRoot = root.toRealPath();
        if (real.startsWith(realRoot)) {
            return "/" + realRoot.relativize(real);
        }
        return null;
    }

    Path root() {
        return root;
    }

    boolean isHostRoot() {
        return hostRoot;
    }

    /**
     * The host file for a target path; relative paths stay relative to the working directory. The
     * directory part is walked once (and remembered); the last component is then looked up under
     * its canonical directory, so that a path naming a mount point itself (the task root, when an
     * archive is unpacked there) is the mounted directory, not whatever the root has at that path.
     */
    Path toHost(String targetPath) throws IOException {
        if (hostRoot || !targetPath.startsWith("/")) {
            return Path.of(targetPath);
        }
        int slash = targetPath.lastIndexOf('/');
        String dir = targetPath.substring(0, slash);
        String base = targetPath.substring(slash + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            // Never joined on this machine: ".." of a mount point would climb out of the namespace.
            return resolve(targetPath);
        }
        Walk parent = directories.get(dir);
        if (parent == null) {
            parent = walk(dir.isEmpty() ? "/" : dir);
            directories.put(dir, parent);
        }
        if (parent.rest() != null) {
            // A component of the directory is missing: nothing exists below it.
            return hostOf(parent.reached()).resolve(parent.rest()).resolve(base);
        }
        String canonical = parent.reached().equals("/") ? "/" + base : parent.reached() + "/" + base;
        Path file = hostOf(canonical);
        if (!mounts.containsKey(canonical) && Files.isSymbolicLink(file)) {
            // Follow the link inside the root: resolve the whole path again.
            return resolve(targetPath);
        }
        return file;
    }

    /** Whether a target directory exists; remembered, like the loader's "nonexisting" marks. */
    boolean isDirectory(String targetDir) throws IOException {
        Boolean known = directoryExists.get(targetDir);
        if (known == null) {
            known = Files.isDirectory(toHost(targetDir.isEmpty() ? "." : targetDir)) || holdsMount(targetDir);
            directoryExists.put(targetDir, known);
        }
        return known;
    }

    /** Chroot-style resolution of every component; the last component's link is followed too. */
    private Path resolve(String absolute) throws IOException {
        Walk walk = walk(absolute);
        return walk.rest() == null ? hostOf(walk.reached()) : hostOf(walk.reached()).resolve(walk.rest());
    }

    /**
     * The canonical target path of an absolute path, every link followed inside the root (a loop
     * throws {@link SymlinkLoopException}). When a component other than the last does not exist,
     * the walk stops there and the rest is appended as it is: nothing exists at that path.
     */
    public String canonicalPath(String absolute) throws IOException {
        Walk walk = walk(absolute);
        if (walk.rest() == null) {
            return walk.reached();
        }
        return (walk.reached().equals("/") ? "" : walk.reached()) + "/" + walk.rest();
    }

    /** Where a walk ended: a canonical target path, and what was left when a component was missing. */
    private record Walk(String reached, String rest) {
    }

    private Walk walk(String absolute) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, absolute);
        String current = "/";
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                int slash = current.lastIndexOf('/');
                current = slash <= 0 ? "/" : current.substring(0, slash);
                continue;
            }
            String next = current.equals("/") ? "/" + part : current + "/" + part;
            Path hostNext = hostOf(next);
            // A mount point is the directory mounted there, even when this machine reaches it by a link.
            if (!mounts.containsKey(next) && Files.isSymbolicLink(hostNext)) {
                if (++links > MAX_SYMLINKS) {
                    throw new SymlinkLoopException(hostNext);
                }
                String target = Files.readSymbolicLink(hostNext).toString();
                push(pending, target);
                if (target.startsWith("/")) {
                    current = "/";
                }
                continue;
            }
            boolean directory = mounts.containsKey(next) ? Files.isDirectory(hostNext)
                    : Files.isDirectory(hostNext, LinkOption.NOFOLLOW_LINKS);
            if (!pending.isEmpty() && !directory && !holdsMount(next)) {
                // A missing or non-directory component: the rest cannot exist; keep the path for messages.
                List<String> rest = new ArrayList<>();
                for (String p : pending) {
                    if (!p.isEmpty() && !p.equals(".")) {
                        rest.add(p);
                    }
                }
                return rest.isEmpty() ? new Walk(next, null) : new Walk(next, String.join("/", rest));
            }
            current = next;
        }
        return new Walk(current, null);
    }

    /** Whether a mount lies below this target directory (which then exists even if the root lacks it). */
    private boolean holdsMount(String dir) {
        for (String at : mounts.keySet()) {
            if (at.startsWith(dir) && at.length() > dir.length() && at.charAt(dir.length()) == '/') {
                return true;
            }
        }
        return false;
    }

    /** The host file for a canonical target path (no symbolic links left to follow above it). */
    private Path hostOf(String target) {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            String at = m.getKey();
            if (target.equals(at)) {
                return m.getValue();
            }
            if (target.startsWith(at) && (at.equals("/") || target.charAt(at.length()) == '/')) {
                return m.getValue().resolve(target.substring(at.equals("/") ? 1 : at.length() + 1));
            }
        }
        return target.equals("/") ? root : root.resolve(target.substring(1));
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    /** Too many symbolic links while resolving a path inside the root. */
    public static final class SymlinkLoopException extends IOException {
        private static final long serialVersionUID = 1L;

        SymlinkLoopException(Path at) {
            super(at + ": too many levels of symbolic links");
        }
    }
}
