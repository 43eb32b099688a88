package dev.nativepack.core.target;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves absolute paths of a root file system to canonical paths inside it, as a chroot would:
 * an absolute link target starts again at the root, ".." never climbs above it, and more than 40
 * links in one lookup is a loop (Linux's ELOOP limit), so a link cycle ends instead of hanging.
 * Works for "/" as well, where the result is the ordinary canonical path.
 */
final class RootPaths {
    static final int MAX_SYMLINKS = 40;

    private final Path root;

    /** {@code root} must be a canonical directory (no symbolic links in its own path). */
    RootPaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The canonical target path of {@code targetPath} (absolute), every link followed inside the
     * root. A missing component ends the walk: the rest is appended unresolved, and the caller
     * finds that nothing exists there.
     */
    String canonical(String targetPath) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, targetPath);
        String current = "/";
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = parent(current);
                continue;
            }
            String next = child(current, part);
            Path host = host(next);
            if (Files.isSymbolicLink(host)) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemLoopException(targetPath);
                }
                String target = Files.readSymbolicLink(host).toString();
                push(pending, target);
                if (target.startsWith("/")) {
                    current = "/";
                }
                continue;
            }
            if (!pending.isEmpty() && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                StringBuilder rest = new StringBuilder(next);
                while (!pending.isEmpty()) {
                    String p = pending.pop();
                    if (!p.isEmpty() && !p.equals(".")) {
                        rest.append('/').append(p);
                    }
                }
                return rest.toString();
            }
            current = next;
        }
        return current;
    }

    /** The file on this machine for a canonical target path. */
    Path host(String canonicalTargetPath) {
        String relative = canonicalTargetPath.substring(1);
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    /** A message about a file of this machine, with the root's own path taken out of the names in it. */
    String describe(String message) {
        if (message == null || root.getParent() == null) {
            return message;
        }
        return message.replace(root + "/", "/");
    }

    static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }
}
