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

    /** Applies every operation together and returns the edited file; the input array is not modified. */
    public EditResult apply() {
        RawElf raw = RawElf.read(name, original.clone());
        return new EditEngine(raw, new EditEngine.Request(rpath, runpath, soname,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(needed))),
                limit, minimum, moveTables).run();
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
