package dev.nativepack.core.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * One input as the audit sees it: a single ELF file, or a tree (a directory, or an archive
 * unpacked to a temporary directory) that is deployed as a whole at the target's task root.
 *
 * @param name        as the user named it
 * @param kind        what it is
 * @param tree        for directories and archives, the directory holding the tree; null for a file
 * @param elfFiles    the ELF files to audit, in a stable order
 * @param treeFiles   every regular file of the tree by relative path (for a file: just it), for shadowing and sizes
 * @param unpackedBytes the size of all files as deployed
 * @param zippedBytes the archive's size, 0 when it is not an archive
 */
record AuditInput(String name, Kind kind, Path tree, List<Path> elfFiles, List<String> treeFiles, long unpackedBytes,
                  long zippedBytes) {
    enum Kind { FILE, DIRECTORY, ARCHIVE }

    /** How findings name a file of this input: the path itself, or {@code archive.zip!/lib/x.so}. */
    String display(Path file) {
        if (tree == null) {
            return name;
        }
        String rel = tree.relativize(file).toString();
        return kind == Kind.ARCHIVE ? name + "!/" + rel : (name.endsWith("/") ? name : name + "/") + rel;
    }

    /** Whether a file on this machine belongs to this input. */
    boolean contains(Path file) {
        return tree != null ? file.toAbsolutePath().normalize().startsWith(tree) : false;
    }
}
