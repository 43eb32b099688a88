package dev.nativepack.core.target;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.ObjectKind;
import dev.nativepack.elf.VersionDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot keeps of one shared library in a root: its parsed headers, its SONAME (null
 * when it has none), the version names it defines, without the base definition, which is the
 * file's own name rather than a version, and its DT_NEEDED entries.
 */
record LibraryFile(ElfFile elf, String soname, List<String> versions, List<String> needed) {

    /**
     * Reads a file of this machine as a shared library.
     *
     * @throws IOException when it cannot be read, is not a regular file, or is not a well-formed
     *     ELF shared library (the message names the file and the problem)
     */
    static LibraryFile read(Path file) throws IOException {
        // Only regular files: opening a FIFO planted in a library directory would block.
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": not a regular file");
        }
        try {
            ElfFile elf = ElfFile.open(file);
            if (elf.kind() != ObjectKind.SHARED_LIBRARY) {
                throw new IOException(file + ": not a shared library but " + elf.kind().description());
            }
            List<String> versions = new ArrayList<>();
            for (VersionDefinition d : elf.versionDefinitions()) {
                if (!d.isBase()) {
                    versions.add(d.name());
                }
            }
            return new LibraryFile(elf, elf.dynamic().soname(), versions, elf.dynamic().needed());
        } catch (MalformedElfException e) {
            throw new IOException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Same machine, class, byte order and ABI variant (armhf and armel differ) as {@code other}. */
    boolean sameArchitecture(LibraryFile other) {
        return elf.header().is64() == other.elf.header().is64()
                && ArchitectureNames.of(elf.header()).equals(ArchitectureNames.of(other.elf.header()));
    }
}
