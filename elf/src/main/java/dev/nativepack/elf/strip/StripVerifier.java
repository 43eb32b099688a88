package dev.nativepack.elf.strip;

import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.SectionHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Re-parses what was written and checks it against the input; a difference is a bug in this
 * package, raised as {@link IllegalStateException}, never a silently damaged file.
 */
final class StripVerifier {
    private StripVerifier() {
    }

    static void verifyStripped(InputLayout in, StripSelection selection, byte[] stripped, byte[] debugLink) {
        InputLayout out = reparse(in, stripped, "stripped file");
        check(in, sameExceptSectionTable(in.header, out.header, true), "the ELF header changed beyond e_shoff/e_shnum/e_shstrndx");
        check(in, in.elf.programHeaders().equals(out.elf.programHeaders()), "the program headers changed");
        check(in, out.loadedEnd == in.loadedEnd, "the loaded image's extent changed");
        check(in, sameImage(in, stripped), "a byte of the loaded image changed");

        List<SectionHeader> before = in.sections;
        List<SectionHeader> after = out.sections;
        for (SectionHeader s : before) {
            if (s.index() == 0 || !ElfFields.isAlloc(s)) {
                continue;
            }
            SectionHeader t = s.index() < after.size() ? after.get(s.index()) : null;
            check(in, t != null && t.name().equals(s.name()) && t.type() == s.type() && t.flags() == s.flags()
                    && t.addr() == s.addr() && t.offset() == s.offset() && t.size() == s.size()
                    && t.addralign() == s.addralign() && t.entsize() == s.entsize(),
                    "loaded section " + s.index() + " (" + s.name() + ") moved or changed");
        }
        List<SectionHeader> kept = new ArrayList<>();
        for (SectionHeader s : before) {
            boolean namesTable = s.index() == in.namesIndex() && !ElfFields.isAlloc(s);
            if (s.index() != 0 && !namesTable && !selection.isRemoved(s.index()) && s.type() != SectionHeader.SHT_NULL) {
                kept.add(s);
            }
        }
        List<SectionHeader> written = new ArrayList<>();
        SectionHeader link = null;
        for (SectionHeader t : after) {
            if (t.index() == 0 || t.index() == out.namesIndex() || t.type() == SectionHeader.SHT_NULL) {
                continue;
            }
            if (debugLink != null && t.name().equals(StrippedFileWriter.DEBUG_LINK)) {
                link = t;
                continue;
            }
            check(in, ElfFields.isAlloc(t) || !(t.type() == SectionHeader.SHT_SYMTAB || StripSelection.isDebugSection(t.name())),
                    "section " + t.name() + " should have been removed");
            written.add(t);
        }
        check(in, written.size() == kept.size(), "kept " + written.size() + " sections, expected " + kept.size());
        for (int i = 0; i < kept.size(); i++) {
            SectionHeader s = kept.get(i);
            SectionHeader t = written.get(i);
            check(in, t.name().equals(s.name()) && t.type() == s.type() && t.size() == s.size(),
                    "section " + s.name() + " became " + t.name());
            boolean same = !ElfFields.hasFileBytes(s) || (t.offset() == s.offset()
                    ? sameInPlace(in, stripped, s.offset(), s.size())
                    : sameBytes(in.bytes, s.offset(), stripped, t.offset(), s.size()));
            check(in, same, "the contents of " + s.name() + " changed");
        }
        if (debugLink != null) {
            check(in, link != null && sameBytes(debugLink, 0, stripped, link.offset(), debugLink.length)
                    && link.size() == debugLink.length, "the .gnu_debuglink section is missing or wrong");
        }
    }

    static void verifyDebugFile(InputLayout in, byte[] debugFile) {
        InputLayout out = reparse(in, debugFile, "debug file");
        check(in, sameExceptSectionTable(in.header, out.header, false), "the debug file's ELF header differs");
        check(in, out.sections.size() == in.sections.size(), "the debug file has another section count");
        for (SectionHeader s : in.sections) {
            SectionHeader t = out.sections.get(s.index());
            check(in, t.name().equals(s.name()) && t.addr() == s.addr() && t.size() == s.size()
                    || s.index() == in.namesIndex(), "debug file section " + s.index() + " (" + s.name() + ") differs");
            if (s.index() != 0 && s.index() != in.namesIndex() && !ElfFields.isAlloc(s) && ElfFields.hasFileBytes(s)) {
                check(in, sameBytes(in.bytes, s.offset(), debugFile, t.offset(), s.size()),
                        "the debug file's copy of " + s.name() + " differs");
            }
        }
    }

    private static InputLayout reparse(InputLayout in, byte[] written, String what) {
        try {
            return InputLayout.of(in.file, written);
        } catch (MalformedElfException e) {
            throw new IllegalStateException(in.file + ": internal error while stripping: the " + what
                    + " does not parse: " + e.getMessage(), e);
        }
    }

    private static boolean sameExceptSectionTable(ElfHeader a, ElfHeader b, boolean countsMayChange) {
        return a.elfClass() == b.elfClass() && a.byteOrder().equals(b.byteOrder()) && a.identVersion() == b.identVersion()
                && a.osAbi() == b.osAbi() && a.abiVersion() == b.abiVersion() && a.type() == b.type()
                && a.machine() == b.machine() && a.version() == b.version() && a.entry() == b.entry()
                && a.phoff() == b.phoff() && a.flags() == b.flags() && a.ehsize() == b.ehsize()
                && a.phentsize() == b.phentsize() && a.phnum() == b.phnum() && a.shentsize() == b.shentsize()
                && (countsMayChange || (a.shnum() == b.shnum() && a.shstrndx() == b.shstrndx()));
    }

    /** The loaded image, with the three ELF header fields that point at the section table left out. */
    private static boolean sameImage(InputLayout in, byte[] stripped) {
        return sameInPlace(in, stripped, 0, in.loadedEnd);
    }

    /**
     * Whether {@code [from, from + length)} holds the same bytes in the input and the output, but
     * for e_shoff, e_shnum and e_shstrndx, which stripping rewrites wherever they fall.
     */
    private static boolean sameInPlace(InputLayout in, byte[] written, long from, long length) {
        long shoff = ElfFields.eShoff(in.is64);
        long[][] rewritten = {{shoff, shoff + (in.is64 ? 8 : 4)}, {ElfFields.eShnum(in.is64), ElfFields.eShstrndx(in.is64) + 2}};
        long at = from;
        long end = from + length;
        for (long[] field : rewritten) {
            if (field[1] <= at || field[0] >= end) {
                continue;
            }
            if (!sameBytes(in.bytes, at, written, at, field[0] - at)) {
                return false;
            }
            at = Math.max(at, field[1]);
        }
        return sameBytes(in.bytes, at, written, at, end - at);
    }

    private static boolean sameBytes(byte[] a, long aFrom, byte[] b, long bFrom, long length) {
        if (length <= 0) {
            return true;
        }
        if (!InputLayout.inside(aFrom, length, a.length) || !InputLayout.inside(bFrom, length, b.length)) {
            return false;
        }
        return Arrays.equals(a, (int) aFrom, (int) (aFrom + length), b, (int) bFrom, (int) (bFrom + length));
    }

    private static void check(InputLayout in, boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(in.file + ": internal error while stripping: " + problem);
        }
    }
}
