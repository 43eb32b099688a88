package dev.nativepack.core.runtimedata;

import dev.nativepack.core.resolve.RootFileSystem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths of the build root as the programs on it name them, resolved as a chroot would: a symbolic
 * link never leads out of the root, whatever it says.
 */
final class RootedFiles {
    private final Path root;
    private final RootFileSystem fs;
    private final Map<String, String> canonical = new HashMap<>();
    private Path realRoot;

    RootedFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.fs = new RootFileSystem(this.root);
    }

    /** The canonical path (links followed inside the root) when something exists there, else null. */
    String existing(String path) {
        if (canonical.containsKey(path)) {
            return canonical.get(path);
        }
        String found;
        try {
            if (root.getParent() == null) {
                // On /, the system's own resolution is the chroot's, in one call.
                found = Path.of(path).toRealPath().toString();
            } else {
                String c = fs.canonicalPath(path);
                found = Files.exists(host(c), LinkOption.NOFOLLOW_LINKS) ? c : null;
            }
        } catch (IOException e) {
            // A link loop, or a directory that cannot be read: nothing usable is there.
            found = null;
        }
        canonical.put(path, found);
        return found;
    }

    /** The file on this machine for a canonical path. */
    Path host(String canonicalPath) {
        return canonicalPath.equals("/") ? root : root.resolve(canonicalPath.substring(1));
    }

    /** The path on the root of a file of this machine (canonical), or null when it lies outside the root. */
    String rootPath(Path real) {
        try {
            if (realRoot == null) {
                realRoot = root.toRealPath();
            }
        } catch (IOException e) {
            return null;
        }
        if (!real.startsWith(realRoot)) {
            return null;
        }
        return "/" + realRoot.relativize(real);
    }

    /** The names in a directory matching a glob of one component, sorted; none when it is not a directory. */
    List<String> children(String dir, String glob) {
        String c = existing(dir);
        if (c == null || !Files.isDirectory(host(c))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(host(c), glob)) {
            for (Path e : entries) {
                out.add(e.getFileName().toString());
            }
        } catch (IOException e) {
            return List.of();
        }
        Collections.sort(out);
        return out;
    }
}
