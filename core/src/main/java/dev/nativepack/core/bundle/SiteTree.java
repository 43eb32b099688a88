package dev.nativepack.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * A directory given as input to the Python layout (a site-packages tree): every regular file
 * under it, links followed (a layer holds no links, so a linked file is copied), in a stable
 * order, with the ELF files (extension modules, libraries a wheel vendors) told apart.
 */
final class SiteTree {
    /** A file of the tree: its path below the root ('/'-separated), the real file, and what it is. */
    record TreeFile(String relativePath, Path source, boolean elf, boolean executable) {
    }

    private final Path root;
    private final Path realRoot;
    private final List<TreeFile> files;

    private SiteTree(Path root, Path realRoot, List<TreeFile> files) {
        this.root = root;
        this.realRoot = realRoot;
        this.files = files;
    }

    static SiteTree scan(Path root) throws BundleException, IOException {
        Path realRoot = root.toRealPath();
        List<TreeFile> found = new ArrayList<>();
        try {
            Files.walkFileTree(realRoot, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            if (attrs.isRegularFile()) {
                                String relative = realRoot.relativize(file).toString().replace('\\', '/');
                                Path real = file.toRealPath();
                                found.add(new TreeFile(relative, real, isElf(real), Files.isExecutable(real)));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            throw e;
                        }
                    });
        } catch (FileSystemLoopException e) {
            throw new BundleException(root + ": a symbolic link loop at " + e.getFile());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BundleException(root + ": " + e.getFile() + ": no such file (a dangling link?)");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BundleException(root + ": " + e.getFile() + ": permission denied");
        }
        found.sort(Comparator.comparing(TreeFile::relativePath));
        return new SiteTree(root, realRoot, List.copyOf(found));
    }

    Path root() {
        return root;
    }

    List<TreeFile> files() {
        return files;
    }

    /** The ELF files, in the order of {@link #files}. */
    List<Path> elfFiles() {
        return files.stream().filter(TreeFile::elf).map(TreeFile::source).toList();
    }

    /** Whether a file (links followed) lies inside this tree. */
    boolean holds(Path file) {
        try {
            return file.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isElf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        }
    }
}
