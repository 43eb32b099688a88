package dev.nativepack.core.target;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds a root's C library without running anything in it: glibc's libc.so.6 in the usual
 * directories (multiarch, lib64, lib), else musl's loader /lib/ld-musl-ARCH.so.1. The architecture
 * is the one asked for, else that of the root's /bin/sh, else that of the first libc found.
 *
 * @param family    {@code glibc} or {@code musl}
 * @param directory the directory it was found in, as a path on the target
 * @param fileName  libc.so.6, or ld-musl-ARCH.so.1
 * @param file      the library itself (musl's loader is also its libc)
 */
record CLibrary(String family, String directory, String fileName, LibraryFile file) {
    static final String GLIBC = "glibc";
    static final String MUSL = "musl";

    static CLibrary find(RootPaths root, String architecture, String rootName) throws SnapshotException {
        String wanted = architecture != null ? ArchitectureNames.canonical(architecture) : shellArchitecture(root);
        List<String> dirs = glibcDirectories(root);
        String problem = null;
        for (String dir : dirs) {
            String path = RootPaths.child(dir, "libc.so.6");
            try {
                Path host = root.host(root.canonical(path));
                if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                LibraryFile libc = LibraryFile.read(host);
                if (wanted == null || wanted.equals(ArchitectureNames.of(libc.elf().header()))) {
                    return new CLibrary(GLIBC, dir, "libc.so.6", libc);
                }
            } catch (IOException e) {
                if (problem == null) {
                    problem = path + " cannot be used: " + withoutFileName(root.describe(e.getMessage()));
                }
            }
        }
        CLibrary musl = findMusl(root, wanted);
        if (musl != null) {
            return musl;
        }
        if (problem != null) {
            throw new SnapshotException(rootName + ": no usable C library: " + problem);
        }
        String which = wanted == null ? "" : " for " + wanted;
        throw new SnapshotException(rootName + ": no C library" + which + " found (no libc.so.6 in "
                + String.join(", ", dirs) + ", no /lib/ld-musl-*.so.1)");
    }

    /** The architecture of /bin/sh, which every image that runs programs has; null when it is not ELF. */
    private static String shellArchitecture(RootPaths root) {
        try {
            Path sh = root.host(root.canonical("/bin/sh"));
            if (Files.isRegularFile(sh, LinkOption.NOFOLLOW_LINKS)) {
                return ArchitectureNames.of(dev.nativepack.elf.ElfFile.open(sh).header());
            }
        } catch (IOException | RuntimeException e) {
            // A script or a broken shell: fall back to the first libc found.
        }
        return null;
    }

    /** Multiarch directories first (/lib/TRIPLET, /usr/lib/TRIPLET), then lib64, then lib. */
    private static List<String> glibcDirectories(RootPaths root) {
        List<String> dirs = new ArrayList<>();
        for (String base : List.of("/lib", "/usr/lib")) {
            for (String name : entries(root, base)) {
                if (name.contains("-linux-gnu")) {
                    dirs.add(base + "/" + name);
                }
            }
        }
        dirs.addAll(List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib"));
        return dirs;
    }

    private static CLibrary findMusl(RootPaths root, String wanted) {
        for (String name : entries(root, "/lib")) {
            if (!name.startsWith("ld-musl-") || !name.endsWith(".so.1")) {
                continue;
            }
            try {
                LibraryFile loader = LibraryFile.read(root.host(root.canonical("/lib/" + name)));
                if (wanted == null || wanted.equals(ArchitectureNames.of(loader.elf().header()))) {
                    return new CLibrary(MUSL, "/lib", name, loader);
                }
            } catch (IOException e) {
                // Not a usable loader; keep looking.
            }
        }
        return null;
    }

    /** Sorted names in a target directory, none when it is missing or unreadable. */
    static TreeSet<String> entries(RootPaths root, String dir) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Path host = root.host(root.canonical(dir));
            if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(host)) {
                    stream.forEach(p -> names.add(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // Missing or looping: nothing there.
        }
        return names;
    }

    /** The problem part of "FILE: PROBLEM"; the caller names the file as the root sees it. */
    private static String withoutFileName(String message) {
        int at = message == null ? -1 : message.indexOf(": ");
        return at >= 0 ? message.substring(at + 2) : message;
    }

    String path() {
        return RootPaths.child(directory, fileName);
    }
}
