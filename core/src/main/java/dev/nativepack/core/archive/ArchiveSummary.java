package dev.nativepack.core.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * What was written.
 *
 * @param output            the archive or directory written
 * @param entries           every entry, directories included
 * @param files             regular files
 * @param directories       directories (generated parents included)
 * @param symbolicLinks     symbolic links
 * @param archiveBytes      the size of the zip file; for a directory tree, the same as {@code uncompressedBytes}
 * @param compressedBytes   the entries' data as stored in the zip (headers not counted); for a
 *                          directory tree, the same as {@code uncompressedBytes}
 * @param uncompressedBytes the content of every file and link target
 * @param topLevel          the same sizes for each top-level name (a directory and what is
 *                          under it, or a file at the root), sorted by name
 */
public record ArchiveSummary(Path output, int entries, int files, int directories, int symbolicLinks,
                             long archiveBytes, long compressedBytes, long uncompressedBytes, List<TopLevel> topLevel) {

    public ArchiveSummary {
        topLevel = List.copyOf(topLevel);
    }

    /**
     * The space one top-level name takes.
     *
     * @param name              the first path segment
     * @param directory         whether it is a directory
     * @param entries           entries under it, itself included
     * @param compressedBytes   data as stored
     * @param uncompressedBytes content
     */
    public record TopLevel(String name, boolean directory, int entries, long compressedBytes, long uncompressedBytes) {
    }
}
