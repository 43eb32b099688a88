package dev.nativepack.core.target;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lists the shared libraries of one architecture in a root's library directories, each under the
 * file name the loader looks up. Directories are taken in the order given and a directory reached
 * twice (through /lib -> usr/lib) is listed once, under the first name. Files that cannot be read
 * or are not libraries of the architecture are left out: a broken file is not a library.
 */
final class LibraryScanner {
    private final RootPaths root;
    private final LibraryFile reference;
    /** Canonical target path -> the library there, or null when it is not one; symlinks share a file. */
    private final Map<String, LibraryFile> files = new HashMap<>();

    /** {@code reference} (the root's libc) decides the architecture. */
    LibraryScanner(RootPaths root, LibraryFile reference) {
        this.root = root;
        this.reference = reference;
    }

    List<TargetLibrary> scan(List<String> directories) {
        List<TargetLibrary> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String dir : directories) {
            String canonical;
            try {
                canonical = root.canonical(dir);
            } catch (IOException e) {
                continue; // a directory behind a symlink loop does not exist for the loader either
            }
            if (seen.add(canonical)) {
                scanDirectory(dir, canonical, out);
            }
        }
        return out;
    }

    private void scanDirectory(String dir, String canonical, List<TargetLibrary> out) {
        Path host = root.host(canonical);
        if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(host)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return; // an unreadable directory holds nothing the loader could open
        }
        Map<String, LibraryFile> libraries = new TreeMap<>();
        for (String name : names) {
            LibraryFile lib = library(RootPaths.child(canonical, name));
            if (lib != null) {
                libraries.put(name, lib);
            }
        }
        for (Map.Entry<String, LibraryFile> e : libraries.entrySet()) {
            String name = e.getKey();
            String soname = e.getValue().soname();
            // The loader asks for the SONAME; other names of the same library (libz.so, libz.so.1.2.11)
            // only matter when no file of the SONAME's name is there.
            if (soname == null || soname.equals(name) || !names.contains(soname)) {
                out.add(new TargetLibrary(name, dir, soname == null || soname.equals(name) ? null : soname,
                        e.getValue().versions(), null, e.getValue().needed()));
            }
        }
    }

    private LibraryFile library(String targetPath) {
        String canonical;
        try {
            canonical = root.canonical(targetPath);
        } catch (IOException e) {
            return null; // a symlink loop
        }
        if (files.containsKey(canonical)) {
            return files.get(canonical);
        }
        LibraryFile lib;
        try {
            lib = LibraryFile.read(root.host(canonical));
            if (!lib.sameArchitecture(reference)) {
                lib = null;
            }
        } catch (IOException e) {
            lib = null;
        }
        files.put(canonical, lib);
        return lib;
    }
}
