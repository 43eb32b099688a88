package dev.nativepack.core.runtimedata;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The regular files a need holds, as a bundle copies them: symbolic links followed as a chroot of
 * the build root would (a layer may hold no links, and one into /usr/share would name the target's
 * directory, not the copy), a link that leads nowhere left out, a directory reached again through a
 * link inside itself walked once. A versioned file that a link beside it names by its shorter name
 * ({@code libgvplugin_core.so.6 -> libgvplugin_core.so.6.0.0}) is copied once, under the link's
 * name, which is what loaders and registries use: the link alone would become a second full copy.
 * Sorted by path.
 */
public final class NeedFiles {
    /** Bounds a walk the way {@link DiskUsage} bounds a count. */
    private static final int MAX_FILES = DiskUsage.MAX_FILES;

    private NeedFiles() {
    }

    /**
     * One file of a need.
     *
     * @param relative   its path below the need's path, "" when the need is this file
     * @param source     the file on this machine
     * @param executable whether it may be run (a helper script), for its mode in the bundle
     */
    public record DataFile(String relative, Path source, boolean executable) {
    }

    /** The files of {@code need}, whose paths are on {@code buildRoot}. */
    public static List<DataFile> of(RuntimeNeed need, Path buildRoot) throws IOException {
        RootedFiles root = new RootedFiles(buildRoot);
        Path base = buildRoot.toAbsolutePath().normalize();
        String canonical = root.existing(need.path());
        if (canonical == null) {
            throw new IOException(need.path() + ": no longer exists on " + buildRoot);
        }
        Path host = root.host(canonical);
        List<DataFile> out = new ArrayList<>();
        if (!Files.isDirectory(host)) {
            out.add(new DataFile("", host, Files.isExecutable(host)));
            return out;
        }
        walk(root, base, host, "", new HashSet<>(Set.of(canonical)), out);
        return out;
    }

    /**
     * The regular files of one directory that a link beside them names by a shorter version
     * ({@code x.so.6 -> x.so.6.0.0}): the link is copied as the file.
     */
    private static Set<Path> versionedTargets(List<Path> entries) throws IOException {
        Set<Path> out = new HashSet<>();
        for (Path e : entries) {
            if (!Files.isSymbolicLink(e)) {
                continue;
            }
            Path target = Files.readSymbolicLink(e);
            String name = e.getFileName().toString();
            if (target.getNameCount() == 1 && target.toString().startsWith(name + ".")) {
                Path sibling = e.resolveSibling(target);
                if (Files.isRegularFile(sibling, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(sibling);
                }
            }
        }
        return out;
    }

    private static void walk(RootedFiles root, Path base, Path dir, String prefix, Set<String> onPath,
                             List<DataFile> out) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        Set<Path> reachedByShorterName = versionedTargets(entries);
        for (Path e : entries) {
            if (reachedByShorterName.contains(e)) {
                continue;
            }
            if (out.size() >= MAX_FILES) {
                throw new IOException(dir + ": holds more than " + MAX_FILES + " files");
            }
            String relative = prefix + e.getFileName();
            Path file = e;
            if (Files.isSymbolicLink(e)) {
                String canonical = root.existing("/" + base.relativize(e));
                if (canonical == null) {
                    continue;
                }
                file = root.host(canonical);
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    if (onPath.add(canonical)) {
                        walk(root, base, file, relative + "/", onPath, out);
                        onPath.remove(canonical);
                    }
                    continue;
                }
            }
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                walk(root, base, file, relative + "/", onPath, out);
            } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new DataFile(relative, file, Files.isExecutable(file)));
            }
        }
    }
}
