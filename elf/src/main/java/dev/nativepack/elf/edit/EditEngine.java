package dev.nativepack.elf.edit;

import dev.nativepack.elf.DynamicTag;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import dev.nativepack.elf.edit.ElfEditException.Reason;
import dev.nativepack.elf.edit.RawElf.DynEntry;
import dev.nativepack.elf.edit.RawElf.RefKind;
import dev.nativepack.elf.edit.RawElf.StringRef;
import dev.nativepack.elf.edit.RawElf.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out one edit: decides what the dynamic array must say, places the strings, picks the
 * lowest tier whose room holds the result, writes the new file and has it verified.
 */
final class EditEngine {
    /** What the caller asked for; null fields are left alone. */
    record Request(String rpath, String runpath, String soname, Map<String, String> needed) {
    }

    /** A MIPS tag whose value is relative to the address of the entry itself. */
    static final long DT_MIPS_RLD_MAP_REL = 0x70000035L;

    /** Spare DT_NULL slots given to a dynamic section that has to move, for later edits. */
    static final int SPARE_SLOTS_WHEN_MOVED = 4;

    /** One dynamic entry of the result. */
    static final class Entry {
        long tag;
        long value;
        /** The slot it came from, -1 for a new entry. */
        final int origin;
        /** The string it points at now (string tags only). */
        final String current;
        /** The string it must point at, or null to keep the value. */
        String want;

        Entry(long tag, long value, int origin, String current) {
            this.tag = tag;
            this.value = value;
            this.origin = origin;
            this.current = current;
        }

        boolean changesString() {
            return want != null && !want.equals(current);
        }
    }

    /** A version-table field (vn_file or the base vda_name) that must point at another string. */
    record Site(StringRef ref, String want) {
    }

    /** A program header being rewritten. */
    static final class Seg {
        long type, flags, offset, vaddr, paddr, filesz, memsz, align;

        Seg(long type, long flags, long offset, long vaddr, long paddr, long filesz, long memsz, long align) {
            this.type = type;
            this.flags = flags;
            this.offset = offset;
            this.vaddr = vaddr;
            this.paddr = paddr;
            this.filesz = filesz;
            this.memsz = memsz;
            this.align = align;
        }

        static Seg of(ProgramHeader p) {
            return new Seg(p.type(), p.flags(), p.offset(), p.vaddr(), p.paddr(), p.filesz(), p.memsz(), p.align());
        }
    }

    /** A version table copied elsewhere. */
    record Move(Table table, long toOffset, long toVaddr) {
    }

    /**
     * Where the program header table goes when a PT_LOAD is added: an unused PT_NULL entry takes
     * it (table unchanged in size), or the grown table moves into zero padding of a segment with
     * the first segment's address delta, or into the new segment itself. (Room right after the
     * table is never free in linker output: .interp or a note follows it.)
     */
    private enum PhtMode { NONE, REUSE_NULL, PADDING, MOVE }

    private final RawElf raw;
    private final Request request;
    private final Tier limit;
    private final Tier minimum;
    private final boolean moveTables;
    private final boolean phtInPadding;
    private final List<String> changes = new ArrayList<>();
    /** Ranges of the original file [offset, length] this edit may change. */
    private final List<long[]> owned = new ArrayList<>();

    EditEngine(RawElf raw, Request request, Tier limit, Tier minimum, boolean moveTables, boolean phtInPadding) {
        this.raw = raw;
        this.request = request;
        this.limit = limit;
        this.minimum = minimum;
        this.moveTables = moveTables;
        this.phtInPadding = phtInPadding;
    }

    /** Where everything ends up; filled in step by step by {@link #run()}. */
    private final class Layout {
        Tier tier = Tier.IN_PLACE;
        String why = "the new strings fit in the string table";
        final List<Seg> segs = new ArrayList<>();
        Padding padding = Padding.of(raw);
        long strOff = raw.strOff;
        long strVaddr = raw.strVaddr;
        long strSize = raw.strSize;
        final List<Move> moves = new ArrayList<>();
        /** Tier 3: version tables the new segment takes so that .dynstr grows where it is. */
        List<Table> tablesToNewSegment = List.of();
        /** Tier 3: .dynstr is copied into the new segment. */
        boolean strInNewSegment;
        boolean moveDynamic;
        long dynOff = raw.dynamicHeader().offset();
        long dynVaddr = raw.dynamicHeader().vaddr();
        int dynCapacity = raw.dynCapacity;
        PhtMode pht = PhtMode.NONE;
        long phOff = raw.header.phoff();
        long newLength = raw.bytes.length();
        List<Seg> finalSegs = segs;

        Layout() {
            for (ProgramHeader p : raw.phdrs) {
                segs.add(Seg.of(p));
            }
        }

        void raise(Tier to, String reason) {
            if (to.compareTo(tier) >= 0) {
                tier = to;
                why = reason;
            }
        }
    }

    EditResult run() {
        List<Entry> plan = planEntries();
        List<Site> sites = versionSites();
        StringTable strings = new StringTable(raw.dynstr);
        Map<String, Integer> offsets = placeStrings(plan, sites, strings);
        for (Entry e : plan) {
            if (e.changesString()) {
                e.value = offsets.get(e.want);
            }
        }

        Layout l = new Layout();
        l.moveDynamic = plan.size() + 1 > raw.dynCapacity;
        if (plan.size() > raw.entries.size() && !l.moveDynamic) {
            l.raise(Tier.SPARE_SPACE, "a new tag takes a spare DT_NULL slot");
        }
        if (strings.grownBy() > 0) {
            placeStringTable(l, strings);
        }
        if (l.moveDynamic) {
            l.raise(Tier.APPEND, "a tag must be added and the dynamic section has no spare DT_NULL slot");
        }
        if (l.moveDynamic || entriesShift(plan)) {
            for (DynEntry e : raw.entries) {
                if (e.tag() == DT_MIPS_RLD_MAP_REL) {
                    throw new ElfEditException(raw.name, Reason.UNSUPPORTED, "DT_MIPS_RLD_MAP_REL is relative to its own"
                            + " place in .dynamic, which this edit would have to move");
                }
            }
        }
        if (l.tier.compareTo(limit) > 0) {
            throw new ElfEditException(raw.name, Reason.NO_ROOM,
                    "the edit needs tier " + l.tier + " (" + l.why + ") but is limited to " + limit);
        }
        if (l.tier == Tier.APPEND) {
            planNewSegment(l, plan.size(), strings.size());
        } else {
            growSegments(l.padding, l.segs);
        }

        Map<Long, Long> movedTo = new LinkedHashMap<>();
        for (Move m : l.moves) {
            movedTo.put(m.table().tag(), m.toVaddr());
        }
        for (Entry e : plan) {
            if (e.tag == DynamicTag.DT_STRTAB) {
                e.value = l.strVaddr;
            } else if (e.tag == DynamicTag.DT_STRSZ) {
                e.value = l.strSize;
            } else if (movedTo.containsKey(e.tag)) {
                e.value = movedTo.get(e.tag);
            }
        }

        byte[] result = write(l, plan, sites, offsets, strings);
        Verifier.verify(raw, result, expectation(plan), owned);
        return new EditResult(result, l.tier, result.length - (long) raw.bytes.length(), changes);
    }

    /** Whether an entry that stays ends up in another slot (because one before it was removed). */
    private static boolean entriesShift(List<Entry> plan) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).origin >= 0 && plan.get(i).origin != i) {
                return true;
            }
        }
        return false;
    }

    // ---- Room for a grown .dynstr.

    /** Finds room for the grown string table: padding first (tier 2), else the new segment (tier 3). */
    private void placeStringTable(Layout l, StringTable strings) {
        int grow = strings.grownBy();
        if (minimum.compareTo(Tier.SPARE_SPACE) <= 0 && (growIntoPadding(l, strings, grow)
                || (moveTables && moveTablesIntoPadding(l, strings, grow)) || copyIntoPadding(l, strings))) {
            l.raise(Tier.SPARE_SPACE, "the string table grew into padding inside a loaded segment");
            return;
        }
        // Tier 3: the new segment takes either the version tables that follow .dynstr (which then
        // grows where it is) or a copy of .dynstr, whichever is smaller.
        List<Table> chain = moveTables ? chainAfterStrings(grow) : null;
        long chainCost = Long.MAX_VALUE;
        if (chain != null) {
            chainCost = 0;
            for (Table t : chain) {
                chainCost = Padding.alignUp(chainCost, t.align()) + t.size();
            }
        }
        if (chainCost < strings.size()) {
            l.tablesToNewSegment = chain;
            long room = chain.get(chain.size() - 1).end() - raw.strOff;
            strings.padTo((int) room);
            l.strSize = room;
        } else {
            l.strInNewSegment = true;
            l.strSize = strings.size();
        }
        l.raise(Tier.APPEND, "no padding inside the loaded segments can hold the grown string table");
    }

    /** (a) .dynstr ends where its segment ends: it grows into the padding that follows. */
    private boolean growIntoPadding(Layout l, StringTable strings, int grow) {
        Padding.Region r = l.padding.allocateAt(raw.strOff + raw.strSize, grow);
        if (r == null) {
            return false;
        }
        l.strSize = strings.size();
        changes.add(".dynstr grown in place by " + grow + " bytes into the zero padding after PT_LOAD[" + r.segment + "]");
        return true;
    }

    /** (b) The small version tables right after .dynstr move into padding; .dynstr grows over them. */
    private boolean moveTablesIntoPadding(Layout l, StringTable strings, int grow) {
        List<Table> chain = chainAfterStrings(grow);
        if (chain == null) {
            return false;
        }
        Padding trial = l.padding.copy();
        List<Move> moves = new ArrayList<>();
        long[] at = new long[1];
        for (Table t : chain) {
            Padding.Region region = trial.allocate(t.size(), t.align(), at);
            if (region == null) {
                return false;
            }
            moves.add(new Move(t, at[0], region.vaddrOf(at[0])));
            changes.add(t.name() + " (" + t.size() + " bytes) moved to offset 0x" + Long.toHexString(at[0])
                    + " in the zero padding of PT_LOAD[" + region.segment + "] to make room for .dynstr");
        }
        l.padding = trial;
        l.moves.addAll(moves);
        long room = chain.get(chain.size() - 1).end() - raw.strOff;
        strings.padTo((int) room);
        l.strSize = room;
        changes.add(".dynstr grown in place from " + raw.strSize + " to " + room + " bytes");
        return true;
    }

    /** (c) A copy of .dynstr with the new strings goes into padding (with .dynsym when that is how it is counted). */
    private boolean copyIntoPadding(Layout l, StringTable strings) {
        long[] at = new long[1];
        Padding trial = l.padding.copy();
        Table dynsym = raw.countsSymbolsByDistance ? raw.symbolTable : null;
        long before = dynsym == null ? 0 : dynsym.size();
        Padding.Region region = trial.allocate(before + strings.size(), dynsym == null ? 1 : dynsym.align(), at);
        if (region == null) {
            return false;
        }
        l.padding = trial;
        if (dynsym != null) {
            l.moves.add(new Move(dynsym, at[0], region.vaddrOf(at[0])));
            changes.add(SYMBOLS_ALONG);
        }
        l.strOff = at[0] + before;
        l.strVaddr = region.vaddrOf(l.strOff);
        l.strSize = strings.size();
        changes.add(".dynstr (" + strings.size() + " bytes with the new strings) copied to offset 0x"
                + Long.toHexString(l.strOff) + " in the zero padding of PT_LOAD[" + region.segment + "]");
        return true;
    }

    private static final String SYMBOLS_ALONG = ".dynsym copied along, right before .dynstr (without section headers"
            + " or a hash table that counts them, the symbols are counted by that distance)";

    // ---- Tier 3: the new segment.

    /**
     * Lays out the new PT_LOAD at the end of the file: a program header slot for it, then (in this
     * order) the program header table if it must move here, .dynamic if it must move, the version
     * tables or the .dynstr copy.
     */
    private void planNewSegment(Layout l, int entries, int stringsSize) {
        int phent = raw.header.phentsize();
        int entSize = raw.dynEntrySize;
        List<Seg> segs = l.segs;
        int nullIndex = -1;
        for (int i = 0; i < segs.size(); i++) {
            if (segs.get(i).type == ProgramHeader.PT_NULL) {
                nullIndex = i;
                break;
            }
        }
        l.pht = nullIndex >= 0 ? PhtMode.REUSE_NULL : PhtMode.MOVE;
        int phCount = segs.size() + (l.pht == PhtMode.REUSE_NULL ? 0 : 1);
        if (phCount >= 0xffff) {
            throw new ElfEditException(raw.name, Reason.NO_ROOM, "too many program headers to add one");
        }
        long phPaddingVaddr = -1;
        if (l.pht == PhtMode.MOVE && phtInPadding) {
            // Prefer padding of a segment with the first segment's vaddr - offset: no file growth,
            // and AT_PHDR stays right on kernels that compute it from e_phoff.
            long[] at = new long[1];
            Padding.Region r = l.padding.allocateIn((long) phCount * phent, raw.bytes.wordSize(), firstLoadDelta(segs), at);
            if (r != null) {
                l.pht = PhtMode.PADDING;
                l.phOff = at[0];
                phPaddingVaddr = r.vaddrOf(at[0]);
            }
        }
        long rel = 0;
        long phRel = -1, dynRel = -1, strRel = -1, symRel = -1;
        if (l.pht == PhtMode.MOVE) {
            phRel = rel;
            rel += (long) phCount * phent;
        }
        if (l.moveDynamic) {
            rel = Padding.alignUp(rel, raw.bytes.wordSize());
            dynRel = rel;
            l.dynCapacity = entries + 1 + SPARE_SLOTS_WHEN_MOVED;
            rel += (long) l.dynCapacity * entSize;
        }
        List<Long> tableRel = new ArrayList<>();
        for (Table t : l.tablesToNewSegment) {
            rel = Padding.alignUp(rel, t.align());
            tableRel.add(rel);
            rel += t.size();
        }
        if (l.strInNewSegment) {
            if (raw.countsSymbolsByDistance) {
                rel = Padding.alignUp(rel, raw.symbolTable.align());
                symRel = rel;
                rel += raw.symbolTable.size();
            }
            strRel = rel;
            rel += stringsSize;
        }
        long total = rel;

        growSegments(l.padding, segs);
        long page = raw.maxPage;
        long maxEnd = 0;
        for (Seg s : segs) {
            if (s.type == ProgramHeader.PT_LOAD) {
                maxEnd = Math.max(maxEnd, s.vaddr + s.memsz);
            }
        }
        long fileEnd = Padding.alignUp(raw.bytes.length(), 16);
        long delta0 = firstLoadDelta(segs);
        long newOff;
        long newVaddr;
        if (l.pht == PhtMode.MOVE && raw.kind.isExecutable() && delta0 >= 0 && delta0 % page == 0) {
            // Keep vaddr - offset equal to the first segment's: kernels before Linux 5.18 compute
            // AT_PHDR as that delta plus e_phoff.
            newOff = Math.max(fileEnd, Padding.alignUp(maxEnd, page) - delta0);
            newVaddr = newOff + delta0;
        } else {
            // The address costs no file bytes here, so leave a gap as large as the largest dynamic
            // symbol: checkers that treat [r_offset, r_offset + st_size) of a relocation as written
            // memory (eu-elflint) then never see the new read-only segment inside that range.
            long gap = 0;
            for (dev.nativepack.elf.ElfSymbol sym : raw.symbols) {
                gap = Math.max(gap, sym.size());
            }
            gap = Math.min(gap, 1L << 30);
            if (!raw.is64 && maxEnd + gap + page + total > 0xffffffffL) {
                gap = 0;
            }
            newOff = fileEnd;
            newVaddr = Padding.alignUp(maxEnd + gap, page) + Math.floorMod(newOff, page);
        }
        if (!raw.is64 && newVaddr + total > 0xffffffffL) {
            throw new ElfEditException(raw.name, Reason.NO_ROOM, "no address space left for a new segment");
        }
        l.newLength = newOff + total;
        if (l.newLength > Integer.MAX_VALUE - 16) {
            throw new ElfEditException(raw.name, Reason.NO_ROOM, "the edited file would exceed 2 GiB");
        }
        if (l.strInNewSegment) {
            l.strOff = newOff + strRel;
            l.strVaddr = newVaddr + strRel;
            if (symRel >= 0) {
                l.moves.add(new Move(raw.symbolTable, newOff + symRel, newVaddr + symRel));
            }
        }
        for (int i = 0; i < l.tablesToNewSegment.size(); i++) {
            long r = tableRel.get(i);
            l.moves.add(new Move(l.tablesToNewSegment.get(i), newOff + r, newVaddr + r));
        }
        if (l.moveDynamic) {
            l.dynOff = newOff + dynRel;
            l.dynVaddr = newVaddr + dynRel;
        }
        if (l.pht == PhtMode.MOVE) {
            l.phOff = newOff + phRel;
            phPaddingVaddr = newVaddr + phRel;
        }

        // The program headers: the new PT_LOAD after the last one (they stay sorted by address).
        Seg load = new Seg(ProgramHeader.PT_LOAD, ProgramHeader.PF_R | (l.moveDynamic ? ProgramHeader.PF_W : 0),
                newOff, newVaddr, newVaddr, total, total, page);
        List<Seg> out = new ArrayList<>(segs);
        if (l.pht == PhtMode.REUSE_NULL) {
            out.remove(nullIndex);
        }
        int lastLoad = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).type == ProgramHeader.PT_LOAD) {
                lastLoad = i;
            }
        }
        out.add(lastLoad + 1, load);
        for (Seg s : out) {
            if (s.type == ProgramHeader.PT_PHDR) {
                if (l.pht == PhtMode.MOVE || l.pht == PhtMode.PADDING) {
                    s.offset = l.phOff;
                    s.vaddr = phPaddingVaddr;
                    s.paddr = s.vaddr;
                    s.filesz = (long) phCount * phent;
                    s.memsz = s.filesz;
                }
            } else if (s.type == ProgramHeader.PT_DYNAMIC && l.moveDynamic) {
                s.offset = l.dynOff;
                s.vaddr = l.dynVaddr;
                s.paddr = l.dynVaddr;
                s.filesz = (long) l.dynCapacity * entSize;
                s.memsz = s.filesz;
            }
        }
        l.finalSegs = out;

        changes.add("new PT_LOAD at offset 0x" + Long.toHexString(newOff) + ", address 0x" + Long.toHexString(newVaddr)
                + ", " + total + " bytes, " + (l.moveDynamic ? "RW" : "R") + ", aligned to 0x" + Long.toHexString(page));
        String phdr = hasPhdrSegment() ? ", PT_PHDR updated" : "";
        switch (l.pht) {
            case REUSE_NULL -> changes.add("an unused PT_NULL program header became the new PT_LOAD");
            case MOVE -> changes.add("program header table moved into the new segment (e_phoff 0x"
                    + Long.toHexString(l.phOff) + phdr + ")");
            case PADDING -> changes.add("program header table moved into zero padding at offset 0x"
                    + Long.toHexString(l.phOff) + " (with the first segment's address delta" + phdr + ")");
            default -> { }
        }
        if (l.moveDynamic) {
            changes.add(".dynamic moved into the new segment at offset 0x" + Long.toHexString(l.dynOff) + " with "
                    + SPARE_SLOTS_WHEN_MOVED + " spare DT_NULL slots (no spare slot was left for a new tag); the"
                    + " segment is writable because glibc before 2.35 relocates .dynamic in place");
        }
        for (Table t : l.tablesToNewSegment) {
            changes.add(t.name() + " (" + t.size() + " bytes) moved into the new segment to make room for .dynstr");
        }
        if (!l.tablesToNewSegment.isEmpty()) {
            changes.add(".dynstr grown in place from " + raw.strSize + " to " + l.strSize + " bytes");
        }
        if (l.strInNewSegment) {
            if (symRel >= 0) {
                changes.add(SYMBOLS_ALONG);
            }
            changes.add(".dynstr (" + l.strSize + " bytes with the new strings) copied into the new segment");
        }
    }

    // ---- Writing.

    private byte[] write(Layout l, List<Entry> plan, List<Site> sites, Map<String, Integer> offsets, StringTable strings) {
        Bytes out = raw.bytes.copy();
        out.extendTo(l.newLength);
        // Version-table fields first: a table that moves is copied with them.
        for (Site s : sites) {
            out.put32(s.ref().field(), offsets.get(s.want()));
            if (s.ref().base()) {
                out.put32(s.ref().owner() + 8, elfHash(s.want().getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (Table t : raw.tables) {
            owned.add(new long[] {t.offset(), t.size()});
        }
        for (Move m : l.moves) {
            byte[] data = out.slice(m.table().offset(), m.table().size());
            out.putBytes(m.toOffset(), data, 0, data.length);
        }
        // .dynstr; when it grew over moved tables, its zeroed tail overwrites their old place.
        out.putBytes(l.strOff, strings.bytes(), 0, (int) l.strSize);
        owned.add(new long[] {raw.strOff, raw.strSize});
        owned.add(new long[] {l.strOff, l.strSize});

        int entSize = raw.dynEntrySize;
        for (int i = 0; i < l.dynCapacity; i++) {
            long o = l.dynOff + (long) i * entSize;
            out.putWord(o, i < plan.size() ? plan.get(i).tag : DynamicTag.DT_NULL);
            out.putWord(o + entSize / 2, i < plan.size() ? plan.get(i).value : 0);
        }
        owned.add(new long[] {raw.dynamicHeader().offset(), (long) raw.dynCapacity * entSize});

        int phent = raw.header.phentsize();
        if (l.pht != PhtMode.NONE || !sameSegments(l.finalSegs)) {
            for (int i = 0; i < l.finalSegs.size(); i++) {
                writeProgramHeader(out, l.phOff + (long) i * phent, l.finalSegs.get(i));
            }
            owned.add(new long[] {raw.header.phoff(), (long) raw.header.phnum() * phent});
            out.putWord(raw.is64 ? 0x20 : 0x1c, l.phOff);
            out.put16(raw.is64 ? 0x38 : 0x2c, l.finalSegs.size());
            owned.add(new long[] {0, raw.header.ehsize()});
        }

        if (!raw.sections.isEmpty()) {
            Map<Integer, Long> sectionMoves = new LinkedHashMap<>();
            if (raw.dynstrSection >= 0 && (l.strOff != raw.strOff || l.strSize != raw.strSize)) {
                writeSection(out, raw.dynstrSection, l.strOff, l.strVaddr, l.strSize);
                sectionMoves.put(raw.dynstrSection, l.strVaddr - raw.strVaddr);
            }
            if (raw.dynamicSection >= 0 && l.dynOff != raw.dynamicHeader().offset()) {
                writeSection(out, raw.dynamicSection, l.dynOff, l.dynVaddr, (long) l.dynCapacity * entSize);
                sectionMoves.put(raw.dynamicSection, l.dynVaddr - raw.dynamicHeader().vaddr());
            }
            for (Move m : l.moves) {
                if (m.table().section() >= 0) {
                    writeSection(out, m.table().section(), m.toOffset(), m.toVaddr(), m.table().size());
                    sectionMoves.put(m.table().section(), m.toVaddr() - m.table().vaddr());
                }
            }
            sectionMoves.values().removeIf(delta -> delta == 0);
            owned.add(new long[] {raw.header.shoff(), (long) raw.header.shnum() * raw.header.shentsize()});
            moveSymbols(out, sectionMoves, raw.dynamicHeader().vaddr(), l.dynVaddr);
        }
        return out.toArray();
    }

    // ---- The dynamic array the result must have.

    private List<Entry> planEntries() {
        List<Entry> plan = new ArrayList<>();
        for (DynEntry e : raw.entries) {
            String s = RawElf.STRING_TAGS.contains(e.tag()) ? raw.stringOfSlot(e.slot()) : null;
            plan.add(new Entry(e.tag(), e.value(), e.slot(), s));
        }
        if (request.rpath() != null) {
            setSearchPath(plan, DynamicTag.DT_RPATH, DynamicTag.DT_RUNPATH, request.rpath());
        }
        if (request.runpath() != null) {
            setSearchPath(plan, DynamicTag.DT_RUNPATH, DynamicTag.DT_RPATH, request.runpath());
        }
        if (request.soname() != null) {
            boolean found = false;
            for (Entry e : plan) {
                if (e.tag == DynamicTag.DT_SONAME) {
                    found = true;
                    e.want = request.soname();
                    if (e.changesString()) {
                        changes.add("DT_SONAME " + quote(e.current) + " -> " + quote(e.want));
                    }
                }
            }
            if (!found) {
                Entry e = new Entry(DynamicTag.DT_SONAME, 0, -1, null);
                e.want = request.soname();
                plan.add(e);
                changes.add("DT_SONAME added: " + quote(e.want));
            }
        }
        for (Map.Entry<String, String> r : request.needed().entrySet()) {
            boolean found = false;
            for (Entry e : plan) {
                if (e.tag == DynamicTag.DT_NEEDED && r.getKey().equals(e.current)) {
                    found = true;
                    e.want = r.getValue();
                    if (e.changesString()) {
                        changes.add("DT_NEEDED " + quote(e.current) + " -> " + quote(e.want));
                    }
                }
            }
            if (!found) {
                throw new ElfEditException(raw.name, Reason.NOT_FOUND, "has no DT_NEEDED '" + r.getKey() + "' to replace");
            }
        }
        return plan;
    }

    private void setSearchPath(List<Entry> plan, long tag, long other, String value) {
        String name = tagName(tag);
        Entry keep = null;
        for (Entry e : plan) {
            if (e.tag == tag) {
                keep = e;
                break;
            }
        }
        if (keep == null) {
            for (Entry e : plan) {
                if (e.tag == other) {
                    keep = e;
                    e.tag = tag;
                    changes.add(tagName(other) + " " + quote(e.current) + " converted to " + name);
                    break;
                }
            }
        }
        if (keep == null) {
            keep = new Entry(tag, 0, -1, null);
            plan.add(keep);
            changes.add(name + " added: " + quote(value));
        } else if (!value.equals(keep.current)) {
            changes.add(name + " " + quote(keep.current) + " -> " + quote(value));
        }
        keep.want = value;
        for (int i = plan.size() - 1; i >= 0; i--) {
            Entry e = plan.get(i);
            if (e != keep && (e.tag == tag || e.tag == other)) {
                plan.remove(i);
                changes.add(tagName(e.tag) + " " + quote(e.current) + " removed: "
                        + (e.tag == other ? "the loader ignores DT_RPATH when DT_RUNPATH is present"
                                : "a duplicate of the " + name + " that was set"));
            }
        }
    }

    /** A string for the report: quoted, and shortened when long. */
    static String quote(String s) {
        if (s.length() <= 120) {
            return "'" + s + "'";
        }
        return "'" + s.substring(0, 100) + "...' (" + s.length() + " characters)";
    }

    private static String tagName(long tag) {
        return tag == DynamicTag.DT_RPATH ? "DT_RPATH" : tag == DynamicTag.DT_RUNPATH ? "DT_RUNPATH" : "tag " + tag;
    }

    private List<Site> versionSites() {
        List<Site> sites = new ArrayList<>();
        String oldSoname = raw.dynamic.soname();
        for (StringRef ref : raw.refs) {
            if (ref.kind() == RefKind.VERNEED_FILE && request.needed().containsKey(ref.string())) {
                String want = request.needed().get(ref.string());
                if (!want.equals(ref.string())) {
                    sites.add(new Site(ref, want));
                    changes.add("Verneed vn_file " + quote(ref.string()) + " -> " + quote(want));
                }
            } else if (ref.kind() == RefKind.VERDEF_NAME && ref.base() && request.soname() != null
                    && ref.string().equals(oldSoname) && !request.soname().equals(oldSoname)) {
                sites.add(new Site(ref, request.soname()));
                changes.add("base version definition " + quote(ref.string()) + " -> " + quote(request.soname()));
            }
        }
        return sites;
    }

    // ---- Strings.

    private Map<String, Integer> placeStrings(List<Entry> plan, List<Site> sites, StringTable strings) {
        Set<Integer> keptSlots = new HashSet<>();
        Map<String, List<Integer>> oldOffsets = new LinkedHashMap<>();
        for (Entry e : plan) {
            if (e.origin >= 0 && !e.changesString()) {
                keptSlots.add(e.origin);
            }
            if (e.changesString()) {
                oldOffsets.computeIfAbsent(e.want, k -> new ArrayList<>());
                if (e.origin >= 0) {
                    oldOffsets.get(e.want).add((int) e.value);
                }
            }
        }
        Set<Long> siteFields = new HashSet<>();
        for (Site s : sites) {
            siteFields.add(s.ref().field());
            oldOffsets.computeIfAbsent(s.want(), k -> new ArrayList<>()).add((int) s.ref().value());
        }
        if (raw.unknownStringUsers) {
            strings.protectAll();
        }
        strings.protect(0);
        List<StringRef> released = new ArrayList<>();
        for (StringRef ref : raw.refs) {
            boolean stays = ref.kind() == RefKind.DYNAMIC ? keptSlots.contains((int) ref.owner()) : !siteFields.contains(ref.field());
            if (stays) {
                strings.protect((int) ref.value());
            } else {
                released.add(ref);
            }
        }
        for (StringRef ref : released) {
            strings.release((int) ref.value());
        }
        Map<String, Integer> placed = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> w : oldOffsets.entrySet()) {
            byte[] value = w.getKey().getBytes(StandardCharsets.UTF_8);
            int at = -1;
            String how = null;
            if (minimum == Tier.IN_PLACE) {
                at = strings.findExisting(value);
                if (at >= 0) {
                    strings.claim(at, value.length);
                    how = "an identical string already in .dynstr";
                } else {
                    int[] preferred = w.getValue().stream().mapToInt(Integer::intValue).toArray();
                    at = strings.fit(value, preferred);
                    if (at >= 0) {
                        how = w.getValue().contains(at) ? "in place of the string it replaces" : "free .dynstr space";
                    }
                }
            }
            if (at < 0) {
                at = strings.append(value);
                how = "the end of .dynstr (grown)";
            }
            placed.put(w.getKey(), at);
            changes.add("string " + quote(w.getKey()) + " at .dynstr offset " + at + ": " + how);
        }
        return placed;
    }

    /**
     * The version tables right after .dynstr (only alignment padding between them) whose removal
     * gives it at least {@code need} more bytes where it is, or null.
     */
    private List<Table> chainAfterStrings(long need) {
        long start = raw.strOff + raw.strSize;
        long cursor = start;
        List<Table> chain = new ArrayList<>();
        while (cursor - start < need) {
            Table next = null;
            for (Table t : raw.tables) {
                if (t.offset() >= cursor && t.size() > 0 && (next == null || t.offset() < next.offset())) {
                    next = t;
                }
            }
            if (next == null || !next.movable() || next.offset() != Padding.alignUp(cursor, next.align())
                    || !raw.bytes.isZero(cursor, next.offset() - cursor)) {
                return null;
            }
            chain.add(next);
            cursor = next.end();
        }
        // The room must stay inside .dynstr's segment and hold nothing but the moved tables.
        ProgramHeader home = null;
        for (ProgramHeader p : raw.phdrs) {
            if (p.type() == ProgramHeader.PT_LOAD && p.offset() <= raw.strOff && raw.strOff < p.offset() + p.filesz()) {
                home = p;
            }
        }
        if (home == null || cursor > home.offset() + home.filesz()) {
            return null;
        }
        for (ProgramHeader p : raw.phdrs) {
            if (p != home && p.filesz() > 0 && p.offset() < cursor && p.offset() + p.filesz() > start
                    && !(p.type() == ProgramHeader.PT_LOAD && p.offset() <= raw.strOff && cursor <= p.offset() + p.filesz())) {
                return null;
            }
        }
        Set<Integer> moved = new HashSet<>();
        for (Table t : chain) {
            moved.add(t.section());
        }
        for (SectionHeader s : raw.sections) {
            if (s.type() == SectionHeader.SHT_NULL || s.type() == SectionHeader.SHT_NOBITS || s.size() == 0
                    || s.index() == raw.dynstrSection) {
                continue;
            }
            if (s.offset() < cursor && s.offset() + s.size() > start && !moved.contains(s.index())) {
                return null;
            }
        }
        return chain;
    }

    /**
     * Keeps .symtab consistent with moved sections: symbols defined in one (its STT_SECTION
     * symbol, _DYNAMIC) move with it. .symtab is not loaded; .dynsym is never changed.
     */
    private void moveSymbols(Bytes out, Map<Integer, Long> sectionMoves, long oldDynamic, long newDynamic) {
        if (sectionMoves.isEmpty() && oldDynamic == newDynamic) {
            return;
        }
        for (SectionHeader table : raw.sections) {
            if (table.type() != SectionHeader.SHT_SYMTAB) {
                continue;
            }
            long entry = table.entsize() > 0 ? table.entsize() : raw.is64 ? 24 : 16;
            if (table.offset() + table.size() > raw.bytes.length()) {
                continue;
            }
            boolean touched = false;
            for (long o = table.offset(); o + entry <= table.offset() + table.size(); o += entry) {
                int shndx = out.u16(o + (raw.is64 ? 6 : 14));
                long at = o + (raw.is64 ? 8 : 4);
                Long delta = sectionMoves.get(shndx);
                if (delta != null && shndx != 0) {
                    out.putWord(at, out.word(at) + delta);
                    touched = true;
                } else if (oldDynamic != newDynamic && out.word(at) == oldDynamic && "_DYNAMIC".equals(symbolName(out, table, o))) {
                    // Some linkers define _DYNAMIC as an absolute symbol rather than in .dynamic.
                    out.putWord(at, newDynamic);
                    touched = true;
                }
            }
            if (touched) {
                owned.add(new long[] {table.offset(), table.size()});
                changes.add(table.name() + ": symbols of the moved sections follow them");
            }
        }
    }

    private String symbolName(Bytes out, SectionHeader table, long entry) {
        if (table.link() <= 0 || table.link() >= raw.sections.size()) {
            return null;
        }
        SectionHeader names = raw.sections.get((int) table.link());
        long name = out.u32(entry);
        if (name >= names.size() || names.offset() + names.size() > out.length()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (long i = names.offset() + name; i < names.offset() + names.size(); i++) {
            int c = out.u8(i);
            if (c == 0) {
                return sb.toString();
            }
            sb.append((char) c);
        }
        return null;
    }

    /** Grows each segment over the padding taken after it. */
    private void growSegments(Padding padding, List<Seg> segs) {
        for (Padding.Region r : padding.regions()) {
            if (r.used > 0) {
                Seg s = segs.get(r.segment);
                s.filesz = raw.phdrs.get(r.segment).filesz() + r.used;
                s.memsz = raw.phdrs.get(r.segment).memsz() + r.used;
                owned.add(new long[] {r.fileStart, r.used});
            }
        }
    }

    /** p_vaddr - p_offset of the lowest PT_LOAD. */
    private static long firstLoadDelta(List<Seg> segs) {
        Seg first = null;
        for (Seg s : segs) {
            if (s.type == ProgramHeader.PT_LOAD && (first == null || s.vaddr < first.vaddr)) {
                first = s;
            }
        }
        return first == null ? Long.MIN_VALUE : first.vaddr - first.offset;
    }

    private boolean hasPhdrSegment() {
        for (ProgramHeader p : raw.phdrs) {
            if (p.type() == ProgramHeader.PT_PHDR) {
                return true;
            }
        }
        return false;
    }

    private boolean sameSegments(List<Seg> segs) {
        if (segs.size() != raw.phdrs.size()) {
            return false;
        }
        for (int i = 0; i < segs.size(); i++) {
            Seg s = segs.get(i);
            ProgramHeader p = raw.phdrs.get(i);
            if (s.type != p.type() || s.offset != p.offset() || s.vaddr != p.vaddr() || s.paddr != p.paddr()
                    || s.filesz != p.filesz() || s.memsz != p.memsz() || s.flags != p.flags() || s.align != p.align()) {
                return false;
            }
        }
        return true;
    }

    private void writeProgramHeader(Bytes out, long o, Seg s) {
        if (raw.is64) {
            out.put32(o, s.type);
            out.put32(o + 4, s.flags);
            out.putWord(o + 8, s.offset);
            out.putWord(o + 16, s.vaddr);
            out.putWord(o + 24, s.paddr);
            out.putWord(o + 32, s.filesz);
            out.putWord(o + 40, s.memsz);
            out.putWord(o + 48, s.align);
        } else {
            out.put32(o, s.type);
            out.put32(o + 4, s.offset);
            out.put32(o + 8, s.vaddr);
            out.put32(o + 12, s.paddr);
            out.put32(o + 16, s.filesz);
            out.put32(o + 20, s.memsz);
            out.put32(o + 24, s.flags);
            out.put32(o + 28, s.align);
        }
    }

    /** Rewrites sh_addr, sh_offset and sh_size of one section header. */
    private void writeSection(Bytes out, int index, long offset, long addr, long size) {
        long o = raw.header.shoff() + (long) index * raw.header.shentsize();
        if (raw.is64) {
            out.putWord(o + 16, addr);
            out.putWord(o + 24, offset);
            out.putWord(o + 32, size);
        } else {
            out.put32(o + 12, addr);
            out.put32(o + 16, offset);
            out.put32(o + 20, size);
        }
    }

    private Verifier.Expectation expectation(List<Entry> plan) {
        List<String> needed = new ArrayList<>();
        for (String n : raw.dynamic.needed()) {
            needed.add(request.needed().getOrDefault(n, n));
        }
        String rpath = raw.dynamic.rpath();
        String runpath = raw.dynamic.runpath();
        if (request.rpath() != null) {
            rpath = request.rpath();
            runpath = null;
        } else if (request.runpath() != null) {
            runpath = request.runpath();
            rpath = null;
        }
        String soname = request.soname() != null ? request.soname() : raw.dynamic.soname();
        List<long[]> entries = new ArrayList<>();
        for (Entry e : plan) {
            entries.add(new long[] {e.tag, e.value, e.origin});
        }
        return new Verifier.Expectation(needed, soname, rpath, runpath, request.needed(),
                request.soname() != null ? raw.dynamic.soname() : null, request.soname(), entries);
    }

    /** The System V ELF hash, used for vd_hash. */
    static long elfHash(byte[] name) {
        long h = 0;
        for (byte b : name) {
            h = (h << 4) + (b & 0xff);
            long g = h & 0xf0000000L;
            if (g != 0) {
                h ^= g >>> 24;
            }
            h &= ~g;
        }
        return h & 0xffffffffL;
    }
}
