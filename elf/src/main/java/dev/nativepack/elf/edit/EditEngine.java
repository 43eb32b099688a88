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

    private enum PhtMode { NONE, REUSE_NULL, EXTEND, MOVE }

    private final RawElf raw;
    private final Request request;
    private final Tier limit;
    private final Tier minimum;
    private final boolean moveTables;
    private final List<String> changes = new ArrayList<>();
    /** Ranges of the original file [offset, length] this edit may change. */
    private final List<long[]> owned = new ArrayList<>();

    EditEngine(RawElf raw, Request request, Tier limit, Tier minimum, boolean moveTables) {
        this.raw = raw;
        this.request = request;
        this.limit = limit;
        this.minimum = minimum;
        this.moveTables = moveTables;
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

        // ---- Where everything goes.
        Tier tier = Tier.IN_PLACE;
        String why = "the new strings fit in the string table";
        int entriesBefore = raw.entries.size();
        boolean moveDynamic = plan.size() + 1 > raw.dynCapacity;
        if (plan.size() > entriesBefore && !moveDynamic) {
            tier = Tier.SPARE_SPACE;
            why = "a new tag takes a spare DT_NULL slot";
        }
        List<Seg> segs = new ArrayList<>();
        for (ProgramHeader p : raw.phdrs) {
            segs.add(Seg.of(p));
        }
        long strOff = raw.strOff;
        long strVaddr = raw.strVaddr;
        long strSize = raw.strSize;
        boolean strInNewSegment = false;
        List<Move> moves = new ArrayList<>();
        List<Table> tablesToNewSegment = List.of();
        Padding padding = Padding.of(raw);
        int grow = strings.grownBy();
        if (grow > 0) {
            boolean placed = false;
            if (minimum.compareTo(Tier.SPARE_SPACE) <= 0) {
                // (a) .dynstr ends where its segment ends: grow it into the padding that follows.
                Padding.Region r = padding.allocateAt(raw.strOff + raw.strSize, grow);
                if (r != null) {
                    strSize = strings.size();
                    placed = true;
                    changes.add(".dynstr grown in place by " + grow + " bytes into the zero padding after PT_LOAD["
                            + r.segment + "]");
                }
                // (b) Move the small version tables that follow .dynstr into padding; .dynstr grows over them.
                List<Table> chain = placed || !moveTables ? null : chainAfterStrings(grow);
                if (chain != null) {
                    Padding trial = padding.copy();
                    List<Move> trialMoves = new ArrayList<>();
                    long[] at = new long[1];
                    for (Table t : chain) {
                        Padding.Region region = trial.allocate(t.size(), t.align(), at);
                        if (region == null) {
                            trialMoves = null;
                            break;
                        }
                        trialMoves.add(new Move(t, at[0], region.vaddrOf(at[0])));
                    }
                    if (trialMoves != null) {
                        padding = trial;
                        moves.addAll(trialMoves);
                        long room = chain.get(chain.size() - 1).end() - raw.strOff;
                        strings.padTo((int) room);
                        strSize = room;
                        placed = true;
                        for (Move m : trialMoves) {
                            changes.add(m.table().name() + " (" + m.table().size() + " bytes) moved to offset 0x"
                                    + Long.toHexString(m.toOffset()) + " in the zero padding of PT_LOAD["
                                    + regionOf(padding, m.toOffset()) + "] to make room for .dynstr");
                        }
                        changes.add(".dynstr grown in place from " + raw.strSize + " to " + room + " bytes");
                    }
                }
                // (c) Copy .dynstr, with the new strings, into padding.
                if (!placed) {
                    long[] at = new long[1];
                    Padding trial = padding.copy();
                    Padding.Region region = trial.allocate(strings.size(), 1, at);
                    if (region != null) {
                        padding = trial;
                        strOff = at[0];
                        strVaddr = region.vaddrOf(at[0]);
                        strSize = strings.size();
                        placed = true;
                        changes.add(".dynstr (" + strings.size() + " bytes with the new strings) copied to offset 0x"
                                + Long.toHexString(strOff) + " in the zero padding of PT_LOAD[" + region.segment + "]");
                    }
                }
                if (placed) {
                    tier = tier.max(Tier.SPARE_SPACE);
                    why = "the string table grew into padding inside a loaded segment";
                }
            }
            if (!placed) {
                // Tier 3: a new segment holds either the version tables that follow .dynstr (so it
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
                    tablesToNewSegment = chain;
                    long room = chain.get(chain.size() - 1).end() - raw.strOff;
                    strings.padTo((int) room);
                    strSize = room;
                } else {
                    strInNewSegment = true;
                    strSize = strings.size();
                }
                tier = Tier.APPEND;
                why = "no padding inside the loaded segments can hold the grown string table";
            }
        }
        if (moveDynamic) {
            tier = Tier.APPEND;
            why = "a tag must be added and the dynamic section has no spare DT_NULL slot";
        }
        if (tier.compareTo(limit) > 0) {
            throw new ElfEditException(raw.name, Reason.NO_ROOM,
                    "the edit needs tier " + tier + " (" + why + ") but is limited to " + limit);
        }
        // Apply the padding growth to the segments.
        for (Padding.Region r : padding.regions()) {
            if (r.used > 0) {
                Seg s = segs.get(r.segment);
                s.filesz += r.used;
                s.memsz += r.used;
                owned.add(new long[] {r.fileStart, r.used});
            }
        }

        // ---- The new segment, if any.
        int entSize = raw.dynEntrySize;
        int phent = raw.header.phentsize();
        long dynOff = raw.dynamicHeader().offset();
        long dynVaddr = raw.dynamicHeader().vaddr();
        int dynCapacity = raw.dynCapacity;
        long phOff = raw.header.phoff();
        PhtMode pht = PhtMode.NONE;
        long newLength = raw.bytes.length();
        List<Seg> finalSegs = segs;
        if (tier == Tier.APPEND) {
            int nullIndex = -1;
            for (int i = 0; i < segs.size(); i++) {
                if (segs.get(i).type == ProgramHeader.PT_NULL) {
                    nullIndex = i;
                    break;
                }
            }
            pht = nullIndex >= 0 ? PhtMode.REUSE_NULL : roomAfterProgramHeaders() ? PhtMode.EXTEND : PhtMode.MOVE;
            int phCount = segs.size() + (pht == PhtMode.REUSE_NULL ? 0 : 1);
            if (phCount >= 0xffff) {
                throw new ElfEditException(raw.name, Reason.NO_ROOM, "too many program headers to add one");
            }
            int word = raw.bytes.wordSize();
            long rel = 0;
            long phRel = -1, dynRel = -1, strRel = -1;
            if (pht == PhtMode.MOVE) {
                phRel = rel;
                rel += (long) phCount * phent;
            }
            if (moveDynamic) {
                rel = Padding.alignUp(rel, word);
                dynRel = rel;
                dynCapacity = plan.size() + 1 + SPARE_SLOTS_WHEN_MOVED;
                rel += (long) dynCapacity * entSize;
            }
            List<long[]> tableRel = new ArrayList<>();
            for (Table t : tablesToNewSegment) {
                rel = Padding.alignUp(rel, t.align());
                tableRel.add(new long[] {rel});
                rel += t.size();
            }
            if (strInNewSegment) {
                strRel = rel;
                rel += strings.size();
            }
            long total = rel;

            long page = raw.maxPage;
            long maxEnd = 0;
            Seg first = null;
            for (Seg s : segs) {
                if (s.type == ProgramHeader.PT_LOAD) {
                    maxEnd = Math.max(maxEnd, s.vaddr + s.memsz);
                    if (first == null || s.vaddr < first.vaddr) {
                        first = s;
                    }
                }
            }
            long fileEnd = Padding.alignUp(raw.bytes.length(), 16);
            long newOff;
            long newVaddr;
            long delta0 = first == null ? -1 : first.vaddr - first.offset;
            if (pht == PhtMode.MOVE && raw.kind.isExecutable() && delta0 >= 0 && delta0 % page == 0) {
                // Keep vaddr - offset equal to the first segment's: kernels before Linux 5.18 compute
                // AT_PHDR as that delta plus e_phoff.
                long base = Padding.alignUp(maxEnd, page);
                newOff = Math.max(fileEnd, base - delta0);
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
                long base = Padding.alignUp(maxEnd + gap, page);
                newOff = fileEnd;
                newVaddr = base + Math.floorMod(newOff, page);
            }
            if (!raw.is64 && newVaddr + total > 0xffffffffL) {
                throw new ElfEditException(raw.name, Reason.NO_ROOM, "no address space left for a new segment");
            }
            newLength = newOff + total;
            if (newLength > Integer.MAX_VALUE - 16) {
                throw new ElfEditException(raw.name, Reason.NO_ROOM, "the edited file would exceed 2 GiB");
            }
            if (strInNewSegment) {
                strOff = newOff + strRel;
                strVaddr = newVaddr + strRel;
            }
            for (int i = 0; i < tablesToNewSegment.size(); i++) {
                Table t = tablesToNewSegment.get(i);
                long r = tableRel.get(i)[0];
                moves.add(new Move(t, newOff + r, newVaddr + r));
            }
            if (moveDynamic) {
                dynOff = newOff + dynRel;
                dynVaddr = newVaddr + dynRel;
            }
            Seg load = new Seg(ProgramHeader.PT_LOAD, ProgramHeader.PF_R | (moveDynamic ? ProgramHeader.PF_W : 0),
                    newOff, newVaddr, newVaddr, total, total, page);
            finalSegs = new ArrayList<>(segs);
            if (pht == PhtMode.REUSE_NULL) {
                finalSegs.remove(nullIndex);
            }
            int lastLoad = -1;
            for (int i = 0; i < finalSegs.size(); i++) {
                if (finalSegs.get(i).type == ProgramHeader.PT_LOAD) {
                    lastLoad = i;
                }
            }
            finalSegs.add(lastLoad + 1, load);
            for (Seg s : finalSegs) {
                if (s.type == ProgramHeader.PT_PHDR) {
                    if (pht == PhtMode.MOVE) {
                        s.offset = newOff + phRel;
                        s.vaddr = newVaddr + phRel;
                        s.paddr = s.vaddr;
                        s.filesz = (long) phCount * phent;
                        s.memsz = s.filesz;
                    } else if (pht == PhtMode.EXTEND) {
                        s.filesz += phent;
                        s.memsz += phent;
                    }
                } else if (s.type == ProgramHeader.PT_DYNAMIC && moveDynamic) {
                    s.offset = dynOff;
                    s.vaddr = dynVaddr;
                    s.paddr = dynVaddr;
                    s.filesz = (long) dynCapacity * entSize;
                    s.memsz = s.filesz;
                }
            }
            if (pht == PhtMode.MOVE) {
                phOff = newOff + phRel;
            }
            changes.add("new PT_LOAD at offset 0x" + Long.toHexString(newOff) + ", address 0x" + Long.toHexString(newVaddr)
                    + ", " + total + " bytes, " + (moveDynamic ? "RW" : "R") + ", aligned to 0x" + Long.toHexString(page));
            switch (pht) {
                case REUSE_NULL -> changes.add("an unused PT_NULL program header became the new PT_LOAD");
                case EXTEND -> changes.add("program header table extended in place by one entry");
                case MOVE -> changes.add("program header table moved into the new segment (e_phoff 0x"
                        + Long.toHexString(phOff) + (hasPhdrSegment() ? ", PT_PHDR updated)" : ")"));
                default -> { }
            }
            if (moveDynamic) {
                changes.add(".dynamic moved into the new segment at offset 0x" + Long.toHexString(dynOff)
                        + " with " + SPARE_SLOTS_WHEN_MOVED + " spare DT_NULL slots (no spare slot was left for a new tag)");
            }
            for (Move m : moves) {
                if (m.toOffset() >= raw.bytes.length()) {
                    changes.add(m.table().name() + " (" + m.table().size() + " bytes) moved into the new segment to make room for .dynstr");
                }
            }
            if (!tablesToNewSegment.isEmpty()) {
                changes.add(".dynstr grown in place from " + raw.strSize + " to " + strSize + " bytes");
            }
            if (strInNewSegment) {
                changes.add(".dynstr (" + strSize + " bytes with the new strings) copied into the new segment");
            }
        }

        // ---- Final dynamic entries.
        Map<Long, Long> movedTo = new LinkedHashMap<>();
        for (Move m : moves) {
            movedTo.put(m.table().tag(), m.toVaddr());
        }
        for (Entry e : plan) {
            if (e.tag == DynamicTag.DT_STRTAB) {
                e.value = strVaddr;
            } else if (e.tag == DynamicTag.DT_STRSZ) {
                e.value = strSize;
            } else if (movedTo.containsKey(e.tag)) {
                e.value = movedTo.get(e.tag);
            }
        }

        // ---- Write.
        Bytes out = raw.bytes.copy();
        out.extendTo(newLength);
        for (Site s : sites) {
            int offset = offsets.get(s.want());
            out.put32(s.ref().field(), offset);
            if (s.ref().base()) {
                out.put32(s.ref().owner() + 8, elfHash(s.want().getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (Table t : raw.tables) {
            owned.add(new long[] {t.offset(), t.size()});
        }
        for (Move m : moves) {
            byte[] data = out.slice(m.table().offset(), m.table().size());
            out.putBytes(m.toOffset(), data, 0, data.length);
        }
        byte[] table = strings.bytes();
        out.putBytes(strOff, table, 0, (int) strSize);
        owned.add(new long[] {raw.strOff, raw.strSize});
        owned.add(new long[] {strOff, strSize});

        boolean is64 = raw.is64;
        for (int i = 0; i < dynCapacity; i++) {
            long o = dynOff + (long) i * entSize;
            long tag = i < plan.size() ? plan.get(i).tag : DynamicTag.DT_NULL;
            long value = i < plan.size() ? plan.get(i).value : 0;
            out.putWord(o, tag);
            out.putWord(o + entSize / 2, value);
        }
        owned.add(new long[] {raw.dynamicHeader().offset(), (long) raw.dynCapacity * entSize});

        int phCount = finalSegs.size();
        if (pht != PhtMode.NONE || !sameSegments(finalSegs)) {
            for (int i = 0; i < phCount; i++) {
                writeProgramHeader(out, phOff + (long) i * phent, finalSegs.get(i));
            }
            owned.add(new long[] {raw.header.phoff(), (long) raw.header.phnum() * phent + (pht == PhtMode.EXTEND ? phent : 0)});
            out.putWord(is64 ? 0x20 : 0x1c, phOff);
            out.put16(is64 ? 0x38 : 0x2c, phCount);
            owned.add(new long[] {0, raw.header.ehsize()});
        }

        if (!raw.sections.isEmpty()) {
            if (raw.dynstrSection >= 0 && (strOff != raw.strOff || strSize != raw.strSize)) {
                writeSection(out, raw.dynstrSection, strOff, strVaddr, strSize);
            }
            if (raw.dynamicSection >= 0 && dynOff != raw.dynamicHeader().offset()) {
                writeSection(out, raw.dynamicSection, dynOff, dynVaddr, (long) dynCapacity * entSize);
            }
            for (Move m : moves) {
                if (m.table().section() >= 0) {
                    writeSection(out, m.table().section(), m.toOffset(), m.toVaddr(), m.table().size());
                }
            }
            owned.add(new long[] {raw.header.shoff(), (long) raw.header.shnum() * raw.header.shentsize()});
        }

        byte[] result = out.toArray();
        Verifier.verify(raw, result, expectation(plan), owned);
        return new EditResult(result, tier, result.length - (long) raw.bytes.length(), changes);
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

    private boolean roomAfterProgramHeaders() {
        if (raw.sections.isEmpty()) {
            return false;
        }
        int phent = raw.header.phentsize();
        long end = raw.header.phoff() + (long) raw.header.phnum() * phent;
        ProgramHeader home = null;
        for (ProgramHeader p : raw.phdrs) {
            if (p.type() == ProgramHeader.PT_LOAD && p.offset() <= raw.header.phoff() && end + phent <= p.offset() + p.filesz()) {
                home = p;
            }
        }
        if (home == null || end + phent > raw.bytes.length() || !raw.bytes.isZero(end, phent)) {
            return false;
        }
        for (ProgramHeader p : raw.phdrs) {
            if (p.type() == ProgramHeader.PT_PHDR) {
                if (p.offset() != raw.header.phoff()) {
                    return false;
                }
            } else if (p.type() != ProgramHeader.PT_LOAD && p.filesz() > 0 && p.offset() < end + phent
                    && p.offset() + p.filesz() > end) {
                return false;
            }
        }
        for (SectionHeader s : raw.sections) {
            if (s.type() != SectionHeader.SHT_NULL && s.type() != SectionHeader.SHT_NOBITS && s.size() > 0
                    && s.offset() < end + phent && s.offset() + s.size() > end) {
                return false;
            }
        }
        return true;
    }

    private boolean hasPhdrSegment() {
        for (ProgramHeader p : raw.phdrs) {
            if (p.type() == ProgramHeader.PT_PHDR) {
                return true;
            }
        }
        return false;
    }

    private static int regionOf(Padding padding, long offset) {
        for (Padding.Region r : padding.regions()) {
            if (offset >= r.fileStart && offset < r.fileStart + r.capacity) {
                return r.segment;
            }
        }
        return -1;
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
