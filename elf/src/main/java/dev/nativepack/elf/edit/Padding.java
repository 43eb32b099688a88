package dev.nativepack.elf.edit;

import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.SectionHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero padding after the end of read-only PT_LOADs: bytes that belong to no segment, no section
 * and no header table, which the segment can grow over without mapping a page that another
 * segment maps differently. Allocations grow the segment's p_filesz and p_memsz.
 */
final class Padding {
    /** The free bytes after one segment; {@code used} of them are taken. */
    static final class Region {
        final int segment;
        final long fileStart;
        final long vaddrStart;
        final long capacity;
        final boolean executable;
        long used;

        Region(int segment, long fileStart, long vaddrStart, long capacity, boolean executable) {
            this.segment = segment;
            this.fileStart = fileStart;
            this.vaddrStart = vaddrStart;
            this.capacity = capacity;
            this.executable = executable;
        }

        Region copy() {
            Region r = new Region(segment, fileStart, vaddrStart, capacity, executable);
            r.used = used;
            return r;
        }

        long vaddrOf(long fileOffset) {
            return vaddrStart + (fileOffset - fileStart);
        }
    }

    private final List<Region> regions;

    private Padding(List<Region> regions) {
        this.regions = regions;
    }

    Padding copy() {
        List<Region> out = new ArrayList<>();
        for (Region r : regions) {
            out.add(r.copy());
        }
        return new Padding(out);
    }

    List<Region> regions() {
        return regions;
    }

    static Padding of(RawElf raw) {
        List<Region> out = new ArrayList<>();
        List<ProgramHeader> phdrs = raw.phdrs;
        long page = raw.maxPage;
        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader seg = phdrs.get(i);
            if (seg.type() != ProgramHeader.PT_LOAD || (seg.flags() & ProgramHeader.PF_W) != 0
                    || (seg.flags() & ProgramHeader.PF_R) == 0 || seg.filesz() != seg.memsz() || seg.filesz() == 0) {
                continue;
            }
            long start = seg.offset() + seg.filesz();
            long vstart = seg.vaddr() + seg.filesz();
            long limit = raw.bytes.length();
            long delta = seg.vaddr() - seg.offset();
            boolean blocked = false;
            // Nothing else in the file may start inside the region.
            for (int j = 0; j < phdrs.size() && !blocked; j++) {
                ProgramHeader other = phdrs.get(j);
                if (j == i || other.filesz() == 0) {
                    continue;
                }
                long end = other.offset() + other.filesz();
                if (other.offset() <= start && end > start) {
                    blocked = true;
                } else if (other.offset() >= start) {
                    limit = Math.min(limit, other.offset());
                }
            }
            for (SectionHeader s : raw.sections) {
                if (s.type() == SectionHeader.SHT_NULL || s.type() == SectionHeader.SHT_NOBITS || s.size() == 0) {
                    continue;
                }
                if (s.offset() <= start && s.offset() + s.size() > start) {
                    blocked = true;
                } else if (s.offset() >= start) {
                    limit = Math.min(limit, s.offset());
                }
            }
            long[][] tables = {
                {raw.header.phoff(), (long) raw.header.phnum() * raw.header.phentsize()},
                {raw.header.shoff(), raw.header.shoff() == 0 ? 0 : (long) raw.header.shnum() * raw.header.shentsize()}};
            for (long[] t : tables) {
                if (t[1] == 0) {
                    continue;
                }
                if (t[0] <= start && t[0] + t[1] > start) {
                    blocked = true;
                } else if (t[0] >= start) {
                    limit = Math.min(limit, t[0]);
                }
            }
            if (blocked || limit <= start) {
                continue;
            }
            limit = raw.bytes.firstNonZero(start, limit);
            // In memory: no page that a segment with a different file-to-address delta maps.
            long vlimit = Long.MAX_VALUE;
            for (int j = 0; j < phdrs.size() && !blocked; j++) {
                ProgramHeader other = phdrs.get(j);
                if (j == i || other.type() != ProgramHeader.PT_LOAD || other.vaddr() - other.offset() == delta) {
                    continue;
                }
                long pageStart = other.vaddr() & -page;
                long pageEnd = alignUp(other.vaddr() + other.memsz(), page);
                if (other.vaddr() >= seg.vaddr()) {
                    vlimit = Math.min(vlimit, pageStart);
                } else if (pageEnd > vstart) {
                    blocked = true;
                }
            }
            if (blocked) {
                continue;
            }
            long capacity = Math.min(limit - start, vlimit == Long.MAX_VALUE ? Long.MAX_VALUE : vlimit - vstart);
            if (capacity > 0) {
                out.add(new Region(i, start, vstart, capacity, (seg.flags() & ProgramHeader.PF_X) != 0));
            }
        }
        return new Padding(out);
    }

    /**
     * Takes {@code size} bytes aligned to {@code align} from the first region that has them,
     * read-only regions before executable ones. Returns the region, with the file offset in
     * {@code at[0]}, or null when none has room.
     */
    Region allocate(long size, long align, long[] at) {
        for (int pass = 0; pass < 2; pass++) {
            for (Region r : regions) {
                if (r.executable != (pass == 1)) {
                    continue;
                }
                long pos = alignUp(r.fileStart + r.used, align);
                if (pos + size <= r.fileStart + r.capacity) {
                    r.used = pos + size - r.fileStart;
                    at[0] = pos;
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * As {@link #allocate}, only in regions of segments whose p_vaddr - p_offset is {@code delta}.
     */
    Region allocateIn(long size, long align, long delta, long[] at) {
        for (Region r : regions) {
            if (r.vaddrStart - r.fileStart != delta) {
                continue;
            }
            long pos = alignUp(r.fileStart + r.used, align);
            if (pos + size <= r.fileStart + r.capacity) {
                r.used = pos + size - r.fileStart;
                at[0] = pos;
                return r;
            }
        }
        return null;
    }

    /** Takes {@code size} bytes at the very start of the region that begins at {@code fileStart}. */
    Region allocateAt(long fileStart, long size) {
        for (Region r : regions) {
            if (r.fileStart == fileStart && r.used == 0 && size <= r.capacity) {
                r.used = size;
                return r;
            }
        }
        return null;
    }

    static long alignUp(long value, long align) {
        if (align <= 1) {
            return value;
        }
        return (value + align - 1) / align * align;
    }
}
