package dev.nativepack.elf.edit;

import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.DynamicTag;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.ElfMachine;
import dev.nativepack.elf.ElfSymbol;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.ObjectKind;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import dev.nativepack.elf.VersionDefinition;
import dev.nativepack.elf.VersionNeed;
import dev.nativepack.elf.edit.ElfEditException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The raw structures an edit touches, read from a file's bytes: the dynamic array slot by slot,
 * .dynstr and every reference into it, the version tables and where they sit. The semantic view
 * ({@link ElfFile}) is kept too, as the reference the edited file is checked against.
 */
final class RawElf {
    static final int VER_FLG_BASE = 1;

    /** Dynamic tags whose value is an offset into DT_STRTAB. */
    static final Set<Long> STRING_TAGS = Set.of(DynamicTag.DT_NEEDED, DynamicTag.DT_SONAME, DynamicTag.DT_RPATH,
            DynamicTag.DT_RUNPATH, DynamicTag.DT_AUXILIARY, DynamicTag.DT_FILTER, DynamicTag.DT_CONFIG,
            DynamicTag.DT_DEPAUDIT, DynamicTag.DT_AUDIT, 0x7ffffffeL /* DT_USED */);

    enum RefKind { DYNAMIC, SYMBOL, VERNEED_FILE, VERNAUX_NAME, VERDEF_NAME }

    /**
     * One place in the file holding a .dynstr offset: {@code field} is the file offset of the
     * value ({@code width} bytes), {@code owner} the dynamic slot (DYNAMIC) or the Verdef entry's
     * file offset (VERDEF_NAME), {@code base} whether that Verdef is the VER_FLG_BASE entry.
     */
    record StringRef(RefKind kind, long field, int width, long value, long owner, boolean base, String string) {
    }

    /** One dynamic entry before the terminating DT_NULL. */
    record DynEntry(int slot, long tag, long value) {
    }

    /**
     * A table the dynamic section points to that may be moved as a whole: .gnu.version,
     * .gnu.version_r or .gnu.version_d. {@code section} is its section header index or -1.
     */
    record Table(long tag, String name, long vaddr, long offset, long size, long align, int section, boolean movable) {
        long end() {
            return offset + size;
        }
    }

    final String name;
    final Bytes bytes;
    final ElfFile elf;
    final ElfHeader header;
    final ObjectKind kind;
    final boolean is64;
    final int dynEntrySize;
    final List<ProgramHeader> phdrs;
    final List<SectionHeader> sections;
    final int dynamicSegment;
    /** Slots from the start of PT_DYNAMIC through the last spare DT_NULL: what may be rewritten. */
    final int dynCapacity;
    final List<DynEntry> entries;
    final long strVaddr;
    final long strOff;
    final long strSize;
    final byte[] dynstr;
    final List<StringRef> refs;
    final List<Table> tables;
    final int dynstrSection;
    final int dynamicSection;
    /** .dynsym as a table (DT_SYMTAB), or null. */
    final Table symbolTable;
    /** The symbol count is only known from .dynstr following .dynsym (see the constructor). */
    final boolean countsSymbolsByDistance;
    /** A section we do not understand links to .dynstr: no byte of it may be reused. */
    final boolean unknownStringUsers;
    final long maxPage;

    final DynamicSection dynamic;
    final List<ElfSymbol> symbols;
    final List<VersionNeed> needs;
    final List<VersionDefinition> definitions;

    private RawElf(String name, byte[] original) {
        this.name = name;
        try {
            this.elf = ElfFile.parse(Path.of(name.isEmpty() ? "(unnamed)" : name), original);
        } catch (MalformedElfException e) {
            throw new ElfEditException(name, Reason.DAMAGED, e.problem() + " (" + e.field() + ")", e);
        } catch (RuntimeException e) {
            throw new ElfEditException(name, Reason.DAMAGED, "unreadable ELF file: " + e, e);
        }
        this.header = elf.header();
        this.is64 = header.is64();
        this.dynEntrySize = is64 ? 16 : 8;
        this.bytes = new Bytes(original, header.byteOrder(), is64);
        this.phdrs = elf.programHeaders();
        if (header.type() == ElfHeader.ET_REL || header.type() == ElfHeader.ET_CORE) {
            throw new ElfEditException(name, header.type() == ElfHeader.ET_REL ? Reason.NOT_DYNAMIC : Reason.UNSUPPORTED,
                    "a " + (header.type() == ElfHeader.ET_REL ? "relocatable object" : "core dump")
                            + " has no dynamic section to edit");
        }
        if (header.type() != ElfHeader.ET_EXEC && header.type() != ElfHeader.ET_DYN) {
            throw new ElfEditException(name, Reason.UNSUPPORTED, "unsupported ELF type " + header.typeName());
        }
        int dynIndex = -1;
        for (int i = 0; i < phdrs.size(); i++) {
            if (phdrs.get(i).type() == ProgramHeader.PT_DYNAMIC) {
                dynIndex = i;
                break;
            }
        }
        if (dynIndex < 0) {
            throw new ElfEditException(name, Reason.NOT_DYNAMIC,
                    "no PT_DYNAMIC: a static executable loads no libraries, so it has no RPATH, RUNPATH, SONAME or NEEDED to edit");
        }
        this.dynamicSegment = dynIndex;
        try {
            this.kind = elf.kind();
            this.dynamic = elf.dynamic();
            if (kind == ObjectKind.STATIC_EXECUTABLE) {
                throw new ElfEditException(name, Reason.NOT_DYNAMIC,
                        "a static executable (no interpreter, no DT_NEEDED) loads no libraries; there is nothing to edit");
            }
            if (kind == ObjectKind.STATIC_PIE_EXECUTABLE) {
                throw new ElfEditException(name, Reason.NOT_DYNAMIC,
                        "a static-PIE executable relocates itself and loads no libraries; there is nothing to edit");
            }
            this.sections = elf.sections();
            this.symbols = elf.dynamicSymbols();
            this.needs = elf.versionNeedsWithoutSymbols();
            this.definitions = elf.versionDefinitions();
        } catch (MalformedElfException e) {
            throw new ElfEditException(name, Reason.DAMAGED, e.problem() + " (" + e.field() + ")", e);
        }

        // The dynamic array, slot by slot.
        ProgramHeader dyn = phdrs.get(dynIndex);
        requireLoaded(dyn.offset(), dyn.filesz(), dyn.vaddr(), "PT_DYNAMIC");
        int slots = (int) Math.min(Integer.MAX_VALUE, dyn.filesz() / dynEntrySize);
        List<DynEntry> list = new ArrayList<>();
        int terminator = -1;
        for (int i = 0; i < slots; i++) {
            long o = dyn.offset() + (long) i * dynEntrySize;
            long tag = bytes.tag(o);
            if (tag == DynamicTag.DT_NULL) {
                terminator = i;
                break;
            }
            list.add(new DynEntry(i, tag, bytes.word(o + dynEntrySize / 2)));
        }
        if (terminator < 0) {
            throw damaged("the dynamic section has no DT_NULL terminator within PT_DYNAMIC");
        }
        int capacity = terminator + 1;
        while (capacity < slots && bytes.tag(dyn.offset() + (long) capacity * dynEntrySize) == DynamicTag.DT_NULL) {
            capacity++;
        }
        this.dynCapacity = capacity;
        this.entries = List.copyOf(list);

        // .dynstr, through DT_STRTAB and DT_STRSZ.
        long strtab = -1, strsz = -1, symtab = -1, syment = is64 ? 24 : 16;
        long versym = -1, verneed = -1, verneednum = 0, verdef = -1, verdefnum = 0, hash = -1, gnuHash = -1;
        for (DynEntry e : entries) {
            long t = e.tag();
            if (t == DynamicTag.DT_HASH) hash = e.value();
            else if (t == DynamicTag.DT_GNU_HASH) gnuHash = e.value();
            if (t == DynamicTag.DT_STRTAB) strtab = e.value();
            else if (t == DynamicTag.DT_STRSZ) strsz = e.value();
            else if (t == DynamicTag.DT_SYMTAB) symtab = e.value();
            else if (t == DynamicTag.DT_SYMENT) syment = e.value();
            else if (t == DynamicTag.DT_VERSYM) versym = e.value();
            else if (t == DynamicTag.DT_VERNEED) verneed = e.value();
            else if (t == DynamicTag.DT_VERNEEDNUM) verneednum = e.value();
            else if (t == DynamicTag.DT_VERDEF) verdef = e.value();
            else if (t == DynamicTag.DT_VERDEFNUM) verdefnum = e.value();
        }
        if (strtab == -1) {
            throw damaged("the dynamic section has no DT_STRTAB");
        }
        if (strsz <= 0) {
            throw damaged("the dynamic section has no usable DT_STRSZ");
        }
        this.strVaddr = strtab;
        this.strOff = offsetOf(strtab, strsz, "DT_STRTAB");
        this.strSize = strsz;
        if (strsz > Integer.MAX_VALUE / 2) {
            throw damaged("DT_STRSZ " + strsz + " is impossibly large");
        }
        this.dynstr = bytes.slice(strOff, strSize);
        if (dynstr[0] != 0 || dynstr[dynstr.length - 1] != 0) {
            throw damaged(".dynstr must start and end with a NUL byte");
        }

        // Every reference into .dynstr.
        List<StringRef> r = new ArrayList<>();
        int w = bytes.wordSize();
        for (DynEntry e : entries) {
            if (STRING_TAGS.contains(e.tag())) {
                long field = dyn.offset() + (long) e.slot() * dynEntrySize + dynEntrySize / 2;
                r.add(ref(RefKind.DYNAMIC, field, w, e.value(), e.slot(), false, "dynamic entry " + e.slot()));
            }
        }
        Table dynsym = null;
        if (symtab != -1 && !symbols.isEmpty()) {
            long symOff = offsetOf(symtab, symbols.size() * syment, "DT_SYMTAB");
            for (int i = 1; i < symbols.size(); i++) {
                long field = symOff + i * syment;
                r.add(ref(RefKind.SYMBOL, field, 4, bytes.u32(field), i, false, "dynamic symbol " + i));
            }
            dynsym = new Table(DynamicTag.DT_SYMTAB, ".dynsym", symtab, symOff, symbols.size() * syment, w, -1, true);
        }
        this.symbolTable = dynsym;
        // Without section headers, DT_HASH or a GNU hash table that hashes anything, readers count
        // the dynamic symbols by the distance from DT_SYMTAB to DT_STRTAB (linkers put .dynstr right
        // after .dynsym). Moving .dynstr must then move .dynsym along to keep that count.
        this.countsSymbolsByDistance = dynsym != null && sections.isEmpty() && hash == -1
                && (gnuHash == -1 || gnuHashIsEmpty(offsetOf(gnuHash, 16, "DT_GNU_HASH")))
                && strtab == symtab + symbols.size() * syment;
        List<Table> t = new ArrayList<>();
        if (verneed != -1) {
            long start = offsetOf(verneed, 16, "DT_VERNEED");
            long end = start;
            long o = start;
            for (long i = 0; i < verneednum; i++) {
                requireRange(o, 16, "Verneed entry");
                int count = bytes.u16(o + 2);
                r.add(ref(RefKind.VERNEED_FILE, o + 4, 4, bytes.u32(o + 4), o, false, "Verneed vn_file"));
                end = Math.max(end, o + 16);
                long aux = o + bytes.u32(o + 8);
                for (int j = 0; j < count; j++) {
                    requireRange(aux, 16, "Vernaux entry");
                    r.add(ref(RefKind.VERNAUX_NAME, aux + 8, 4, bytes.u32(aux + 8), o, false, "Vernaux vna_name"));
                    end = Math.max(end, aux + 16);
                    long next = bytes.u32(aux + 12);
                    if (next == 0) {
                        break;
                    }
                    aux += next;
                }
                long next = bytes.u32(o + 12);
                if (next == 0) {
                    break;
                }
                o += next;
            }
            t.add(table(DynamicTag.DT_VERNEED, ".gnu.version_r", verneed, start, end - start, w));
        }
        if (verdef != -1) {
            long start = offsetOf(verdef, 20, "DT_VERDEF");
            long end = start;
            long o = start;
            for (long i = 0; i < verdefnum; i++) {
                requireRange(o, 20, "Verdef entry");
                boolean base = (bytes.u16(o + 2) & VER_FLG_BASE) != 0;
                int count = bytes.u16(o + 6);
                end = Math.max(end, o + 20);
                long aux = o + bytes.u32(o + 12);
                for (int j = 0; j < count; j++) {
                    requireRange(aux, 8, "Verdaux entry");
                    r.add(ref(RefKind.VERDEF_NAME, aux, 4, bytes.u32(aux), o, base && j == 0, "Verdaux vda_name"));
                    end = Math.max(end, aux + 8);
                    long next = bytes.u32(aux + 4);
                    if (next == 0) {
                        break;
                    }
                    aux += next;
                }
                long next = bytes.u32(o + 16);
                if (next == 0) {
                    break;
                }
                o += next;
            }
            t.add(table(DynamicTag.DT_VERDEF, ".gnu.version_d", verdef, start, end - start, w));
        }
        if (versym != -1 && !symbols.isEmpty()) {
            long start = offsetOf(versym, symbols.size() * 2L, "DT_VERSYM");
            t.add(table(DynamicTag.DT_VERSYM, ".gnu.version", versym, start, symbols.size() * 2L, 2));
        }
        t.sort(Comparator.comparingLong(Table::offset));
        this.tables = List.copyOf(t);
        this.refs = List.copyOf(r);

        // Sections that describe the same bytes, updated when those bytes move.
        int strSection = -1, dynSection = -1;
        for (SectionHeader s : sections) {
            if ((s.flags() & SectionHeader.SHF_ALLOC) == 0) {
                continue;
            }
            if (strSection < 0 && s.type() == SectionHeader.SHT_STRTAB && s.addr() == strVaddr && s.offset() == strOff) {
                strSection = s.index();
            } else if (dynSection < 0 && s.type() == SectionHeader.SHT_DYNAMIC && s.offset() == dyn.offset()) {
                dynSection = s.index();
            }
        }
        this.dynstrSection = strSection;
        this.dynamicSection = dynSection;
        boolean unknown = false;
        if (strSection >= 0) {
            for (SectionHeader s : sections) {
                if (s.link() == strSection && s.type() != SectionHeader.SHT_DYNSYM && s.type() != SectionHeader.SHT_DYNAMIC
                        && s.type() != SectionHeader.SHT_GNU_VERNEED && s.type() != SectionHeader.SHT_GNU_VERDEF) {
                    unknown = true;
                }
            }
        }
        this.unknownStringUsers = unknown;
        this.maxPage = maxPageSize();
    }

    static RawElf read(String name, byte[] original) {
        try {
            return new RawElf(name, original);
        } catch (IndexOutOfBoundsException e) {
            throw new ElfEditException(name, Reason.DAMAGED, "a dynamic structure lies outside the file", e);
        }
    }

    private StringRef ref(RefKind kind, long field, int width, long value, long owner, boolean base, String what) {
        if (value < 0 || value >= strSize) {
            throw damaged(what + " points at string offset " + value + ", outside .dynstr (DT_STRSZ " + strSize + ")");
        }
        int nul = -1;
        for (int i = (int) value; i < dynstr.length; i++) {
            if (dynstr[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            throw damaged(what + ": string at offset " + value + " is not NUL-terminated in .dynstr");
        }
        String s = new String(dynstr, (int) value, nul - (int) value, StandardCharsets.UTF_8);
        return new StringRef(kind, field, width, value, owner, base, s);
    }

    private Table table(long tag, String label, long vaddr, long offset, long size, long defaultAlign) {
        int section = -1;
        long align = defaultAlign;
        boolean movable = true;
        for (SectionHeader s : sections) {
            if ((s.flags() & SectionHeader.SHF_ALLOC) != 0 && s.addr() == vaddr && s.size() > 0
                    && s.type() != SectionHeader.SHT_NOBITS) {
                section = s.index();
                align = Math.max(1, s.addralign());
                if (s.offset() != offset || s.size() < size) {
                    movable = false;
                } else {
                    size = s.size();
                }
                break;
            }
        }
        if (!sections.isEmpty() && section < 0) {
            // Section headers that do not describe the table: leave it where it is.
            movable = false;
        }
        return new Table(tag, label, vaddr, offset, size, align, section, movable);
    }

    private boolean gnuHashIsEmpty(long table) {
        long buckets = bytes.u32(table);
        long bloom = bytes.u32(table + 8);
        long start = table + 16 + bloom * (is64 ? 8 : 4);
        for (long i = 0; i < buckets; i++) {
            if (bytes.u32(start + 4 * i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** File offset of a virtual address whose {@code length} bytes must be file-backed in one PT_LOAD. */
    private long offsetOf(long vaddr, long length, String field) {
        for (ProgramHeader ph : phdrs) {
            if (ph.type() == ProgramHeader.PT_LOAD && Long.compareUnsigned(vaddr, ph.vaddr()) >= 0
                    && Long.compareUnsigned(vaddr - ph.vaddr(), ph.filesz()) < 0) {
                long off = ph.offset() + (vaddr - ph.vaddr());
                if (length > ph.filesz() - (vaddr - ph.vaddr())) {
                    throw damaged(field + " 0x" + Long.toHexString(vaddr) + " (" + length
                            + " bytes) runs past the end of its loadable segment");
                }
                requireRange(off, length, field);
                return off;
            }
        }
        throw damaged(field + " 0x" + Long.toHexString(vaddr) + " is not inside any loadable segment");
    }

    private void requireLoaded(long offset, long size, long vaddr, String what) {
        requireRange(offset, size, what);
        for (ProgramHeader ph : phdrs) {
            if (ph.type() == ProgramHeader.PT_LOAD && vaddr >= ph.vaddr() && vaddr + size <= ph.vaddr() + ph.filesz()
                    && offset - ph.offset() == vaddr - ph.vaddr()) {
                return;
            }
        }
        throw damaged(what + " is not inside a loadable segment");
    }

    private void requireRange(long offset, long size, String what) {
        if (offset < 0 || size < 0 || offset > bytes.length() || size > bytes.length() - offset) {
            throw damaged(what + " at offset 0x" + Long.toHexString(offset) + " lies outside the file");
        }
    }

    private ElfEditException damaged(String detail) {
        return new ElfEditException(name, Reason.DAMAGED, detail);
    }

    private long maxPageSize() {
        int m = header.machine();
        long page = (m == ElfMachine.EM_AARCH64 || m == ElfMachine.EM_PPC64 || m == ElfMachine.EM_PPC
                || m == ElfMachine.EM_MIPS || m == ElfMachine.EM_LOONGARCH) ? 0x10000 : 0x1000;
        for (ProgramHeader ph : phdrs) {
            if (ph.type() == ProgramHeader.PT_LOAD && ph.align() > page && Long.bitCount(ph.align()) == 1) {
                page = ph.align();
            }
        }
        return page;
    }

    /** The string the entry in {@code slot} points at (the entry must have a string tag). */
    String stringOfSlot(int slot) {
        for (StringRef ref : refs) {
            if (ref.kind() == RefKind.DYNAMIC && ref.owner() == slot) {
                return ref.string();
            }
        }
        throw new IllegalStateException("slot " + slot + " holds no string");
    }

    ProgramHeader dynamicHeader() {
        return phdrs.get(dynamicSegment);
    }
}
