package dev.nativepack.elf.strip;

import java.util.List;

/**
 * What stripping produced.
 *
 * @param stripped        the stripped file; the input array itself when nothing was removed
 * @param debugFile       the separate debug file ({@code objcopy --only-keep-debug}'s content), or
 *                        null when no split was asked for or there was nothing to keep
 * @param bytesRemoved    the input's size minus the stripped file's size
 * @param removedSections the names of the sections removed, in section-index order
 */
public record StripResult(byte[] stripped, byte[] debugFile, long bytesRemoved, List<String> removedSections) {
    public StripResult {
        removedSections = List.copyOf(removedSections);
    }

    /** Whether the input came back unchanged (no section headers, or nothing to remove). */
    public boolean unchanged() {
        return removedSections.isEmpty();
    }
}
