package dev.nativepack.core.target;

import dev.nativepack.core.resolve.RootFileSystem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Paths of a root file system for the snapshot: canonical paths inside it, resolved as a chroot
 * would by the resolver's {@link RootFileSystem} (so a link cycle ends instead of hanging), and the
 * files on this machine behind them.
 */
final class RootPaths {
    private final Path root;
    private final RootFileSystem files;

    /** {@code root} must be a canonical directory (no symbolic links in its own path). */
    RootPaths(Path root) {
        this.root = root;
        this.files = new RootFileSystem(root);
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
        return files.canonicalPath(targetPath);
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
}
