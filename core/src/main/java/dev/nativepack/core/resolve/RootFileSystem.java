package dev.nativepack.core.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps absolute paths on the target to files on this machine under a root directory, resolving
 * symbolic links as a chroot would: an absolute link target starts again at the root, ".." never
 * climbs above it, and more than 40 links in one lookup is a loop (ELOOP), as in Linux.
 */
final class RootFileSystem {
    static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final boolean hostRoot;
    private final Map<String, Path> directories = new HashMap<>();
    private final Map<String, Boolean> directoryExists = new HashMap<>();

    RootFileSystem(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.hostRoot = this.root.getParent() == null;
    }

    Path root() {
        return root;
    }

    boolean isHostRoot() {
        return hostRoot;
    }

    /** The host file for a target path; relative paths stay relative to the working directory. */
    Path toHost(String targetPath) throws IOException {
        if (hostRoot || !targetPath.startsWith("/")) {
            return Path.of(targetPath);
        }
        int slash = targetPath.lastIndexOf('/');
        String dir = targetPath.substring(0, slash);
        String base = targetPath.substring(slash + 1);
        Path hostDir = directories.get(dir);
        if (hostDir == null) {
            hostDir = resolve(dir.isEmpty() ? "/" : dir);
            directories.put(dir, hostDir);
        }
        Path file = hostDir.resolve(base);
        if (Files.isSymbolicLink(file)) {
            // Follow the link inside the root: resolve the whole path again from the canonical directory.
            return resolve("/" + root.relativize(hostDir) + "/" + base);
        }
        return file;
    }

    /** Whether a target directory exists; remembered, like the loader's "nonexisting" marks. */
    boolean isDirectory(String targetDir) throws IOException {
        Boolean known = directoryExists.get(targetDir);
        if (known == null) {
            known = Files.isDirectory(toHost(targetDir.isEmpty() ? "." : targetDir));
            directoryExists.put(targetDir, known);
        }
        return known;
    }

    /** Chroot-style resolution of every component; the last component's link is followed too. */
    private Path resolve(String absolute) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, absolute);
        Path current = root;
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_SYMLINKS) {
                    throw new SymlinkLoopException(next);
                }
                String target = Files.readSymbolicLink(next).toString();
                push(pending, target);
                if (target.startsWith("/")) {
                    current = root;
                }
                continue;
            }
            if (!pending.isEmpty() && !Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                // A missing or non-directory component: the rest cannot exist; keep the path for messages.
                return next.resolve(String.join("/", pending));
            }
            current = next;
        }
        return current;
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    /** Too many symbolic links while resolving a path inside the root. */
    static final class SymlinkLoopException extends IOException {
        private static final long serialVersionUID = 1L;

        SymlinkLoopException(Path at) {
            super(at + ": too many levels of symbolic links");
        }
    }
}
