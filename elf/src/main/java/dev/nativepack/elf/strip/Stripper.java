package dev.nativepack.elf.strip;

import dev.nativepack.elf.MalformedElfException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Strips executables and shared libraries in the effect of {@code strip --strip-all} while keeping
 * the loaded image bit for bit: every program header, every SHF_ALLOC section and every byte a
 * segment covers stay at the same offsets, so the result composes with RPATH edits in either
 * order (research/elf.md §5.3, §5.4). Removed: .symtab, .strtab, .symtab_shndx, and the debugging
 * sections binutils recognises (.debug*, .zdebug*, .gnu.debuglto_.debug_*, .gnu.linkonce.wi.*,
 * .line*, .stab*, .gdb_index) with their relocation sections. Kept as strip keeps them: .comment,
 * .gnu_debuglink, .gnu_debugdata, .gnu_debugaltlink and notes.
 *
 * <p>Damaged input raises {@link MalformedElfException} naming the file; relocatable objects and
 * core files raise {@link NotStrippableException}. Every result is parsed again and checked.
 */
public final class Stripper {
    private Stripper() {
    }

    /**
     * Strips {@code original}. A file without section headers, or with nothing to remove, comes
     * back as the same array with nothing removed.
     *
     * @param name the file's name, for messages
     */
    public static StripResult stripAll(byte[] original, String name) {
        return strip(original, name, false);
    }

    /**
     * Strips {@code original} and splits its debugging information off: {@link StripResult#debugFile()}
     * holds what {@code objcopy --only-keep-debug} would keep, and the stripped file gets a
     * .gnu_debuglink naming {@link #debugFileName(String)} with that file's CRC-32 (replacing any
     * earlier link). When nothing is removed the file comes back unchanged, without a debug file.
     *
     * @param name the file's name, for messages; its last path element names the debug file
     */
    public static StripResult stripAndSplit(byte[] original, String name) {
        return strip(original, name, true);
    }

    /** The name of the debug file for a file called {@code name}: its last path element plus ".debug". */
    public static String debugFileName(String name) {
        String base = name;
        int slash = base.lastIndexOf('/');
        if (slash >= 0 && slash < base.length() - 1) {
            base = base.substring(slash + 1);
        }
        return base + ".debug";
    }

    private static Path pathFor(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            return Path.of(name.replace('\0', '?'));
        }
    }

    private static StripResult strip(byte[] original, String name, boolean split) {
        InputLayout in = InputLayout.of(pathFor(name), original);
        if (in.sections.isEmpty()) {
            return new StripResult(original, null, 0, List.of());
        }
        StripSelection selection = StripSelection.of(in.sections, in.namesIndex(), split);
        if (!selection.removesAnything()) {
            return new StripResult(original, null, 0, List.of());
        }
        byte[] debugFile = null;
        byte[] debugLink = null;
        if (split) {
            debugFile = DebugFileWriter.write(in);
            StripVerifier.verifyDebugFile(in, debugFile);
            debugLink = GnuDebugLink.contents(debugFileName(name), debugFile, in.header.byteOrder());
        }
        byte[] stripped = StrippedFileWriter.write(in, selection, debugLink);
        StripVerifier.verifyStripped(in, selection, stripped, debugLink);
        return new StripResult(stripped, debugFile, (long) original.length - stripped.length, selection.removedNames());
    }
}
