package dev.nativepack.elf.edit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Edits the dynamic section of an ELF file held in memory: RPATH, RUNPATH, SONAME and NEEDED
 * names. Operations are collected and applied together by {@link #apply()}, which returns new
 * bytes (the input array is never modified) and a report.
 *
 * <p>The edit uses the least invasive {@link Tier} that can hold it (research/elf.md §4.4): new
 * strings go over the ones they replace or into free string-table space; else a spare DT_NULL slot
 * takes a new tag and the string table grows into zero padding of a read-only segment; else a new
 * read-only PT_LOAD is appended. {@code .dynamic} itself moves only when a tag must be added and
 * there is no spare slot. Every result is parsed again and checked against what was asked; a
 * mismatch is an {@link ElfEditException}, never silent output.
 *
 * <p>How the string table grows, cheapest first: into padding right after it; over the version
 * tables that follow it (.gnu.version and friends, found through DT_VERSYM/DT_VERNEED/DT_VERDEF
 * and moved into padding or the new segment, their tags and section headers updated); or as a
 * copy elsewhere. Moving the small table keeps DT_STRTAB and costs a fraction of copying a large
 * .dynstr (C++ libraries carry hundreds of KB of symbol names). A new segment is placed after
 * every other one with its offset and address congruent modulo the largest page size (64 KiB on
 * aarch64 and ppc, else the largest PT_LOAD alignment). When the program header table needs an
 * extra entry it moves into padding of a segment with the first segment's address delta, or into
 * the new segment; in executables that segment then keeps the same delta, so AT_PHDR is right even
 * on kernels before 5.18. Section headers (.dynstr, .dynamic, moved tables) and the section
 * symbols of .symtab follow every move, so readelf and eu-elflint find nothing new.
 *
 * <p>Choices:
 * <ul>
 * <li>{@link #setRpath} leaves the file with DT_RPATH only: an existing DT_RUNPATH is removed (or
 *     its entry becomes the DT_RPATH), because the loader ignores DT_RPATH whenever DT_RUNPATH is
 *     present. {@link #setRunpath} likewise leaves DT_RUNPATH only; a DT_RPATH beside it would be
 *     dead. Unlike patchelf, setting one never silently converts to the other.</li>
 * <li>{@link #replaceNeeded} renames the library in DT_NEEDED and in every Verneed {@code vn_file},
 *     so the symbol-version requirements follow the rename (the loader matches them by that name).</li>
 * <li>{@link #setSoname} also renames the base version definition (VER_FLG_BASE) when it carried the
 *     old SONAME, as the linker would have written it, and updates its hash.</li>
 * <li>A string no longer referenced is zeroed (so the old path does not linger and the space can be
 *     reused); bytes still read by any other reference, including a merged tail, are never touched.</li>
 * </ul>
 */
public final class ElfEditor {
    private final byte[] original;
    private final String name;
    private String rpath;
    private String runpath;
    private String soname;
    private final Map<String, String> needed = new LinkedHashMap<>();
    private Tier limit = Tier.APPEND;
    private Tier minimum = Tier.IN_PLACE;
    private boolean moveTables = true;
    private boolean phtInPadding = true;

    private ElfEditor(byte[] original, String name) {
        this.original = original;
        this.name = name;
    }

    /** An editor for a file's bytes; {@code name} is used in messages only. */
    public static ElfEditor of(byte[] original, String name) {
        Objects.requireNonNull(original, "original");
        return new ElfEditor(original, name == null ? "(unnamed)" : name);
    }

    /** Sets DT_RPATH (searched before LD_LIBRARY_PATH, inherited by dependencies) and removes DT_RUNPATH. */
    public ElfEditor setRpath(String value) {
        rpath = checked(value, "RPATH");
        runpath = null;
        return this;
    }

    /** Sets DT_RUNPATH (searched after LD_LIBRARY_PATH, for this object's own needs) and removes DT_RPATH. */
    public ElfEditor setRunpath(String value) {
        runpath = checked(value, "RUNPATH");
        rpath = null;
        return this;
    }

    /** Sets DT_SONAME, adding it if the file has none. */
    public ElfEditor setSoname(String value) {
        soname = checked(value, "SONAME");
        return this;
    }

    /**
     * Renames a needed library: every DT_NEEDED equal to {@code oldName} and every Verneed
     * {@code vn_file} naming it. The file must need {@code oldName}.
     */
    public ElfEditor replaceNeeded(String oldName, String newName) {
        needed.put(checked(oldName, "NEEDED"), checked(newName, "NEEDED"));
        return this;
    }

    /** Refuses (with {@link ElfEditException.Reason#NO_ROOM}) any edit that would need a tier above {@code highest}. */
    public ElfEditor limitTo(Tier highest) {
        limit = Objects.requireNonNull(highest, "highest");
        return this;
    }

    /** Places every new string as if tiers below {@code lowest} had no room (exercises the higher tiers). */
    ElfEditor startAt(Tier lowest) {
        minimum = Objects.requireNonNull(lowest, "lowest");
        return this;
    }

    /** Whether version tables may be moved to let .dynstr grow where it is. */
    ElfEditor moveTables(boolean allowed) {
        moveTables = allowed;
        return this;
    }

    /** Whether a program header table that must grow may move into padding rather than the new segment. */
    ElfEditor phtInPadding(boolean allowed) {
        phtInPadding = allowed;
        return this;
    }

    /**
     * Applies every operation together and returns the edited file; the input array is not
     * modified.
     *
     * @throws ElfEditException when the file cannot be edited (see {@link ElfEditException.Reason})
     */
    public EditResult apply() {
        RawElf raw = RawElf.read(name, original.clone());
        try {
            return new EditEngine(raw, new EditEngine.Request(rpath, runpath, soname,
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(needed))),
                    limit, minimum, moveTables, phtInPadding).run();
        } catch (ElfEditException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ElfEditException(name, ElfEditException.Reason.INTERNAL, "the edit failed unexpectedly: " + e, e);
        }
    }

    private static String checked(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a NUL character");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > 1 << 20) {
            throw new IllegalArgumentException(what + " is longer than 1 MiB");
        }
        return value;
    }
}
