package dev.nativepack.elf;

import java.util.ArrayList;
import java.util.List;

/** Maps virtual addresses to file offsets through the PT_LOAD segments, as the loader would. */
final class AddressMap {
    private final ElfInput in;
    private final List<ProgramHeader> loads = new ArrayList<>();
    private final ProgramHeader dynamicSegment;

    AddressMap(ElfInput in, List<ProgramHeader> programHeaders) {
        this.in = in;
        ProgramHeader dyn = null;
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_LOAD) {
                loads.add(ph);
            } else if (ph.type() == ProgramHeader.PT_DYNAMIC && dyn == null) {
                dyn = ph;
            }
        }
        this.dynamicSegment = dyn;
    }

    ProgramHeader dynamicSegment() {
        return dynamicSegment;
    }

    long toOffset(long address, String field) {
        for (ProgramHeader ph : loads) {
            if (ph.coversFileBacked(address)) {
                long offset = ph.offset() + (address - ph.vaddr());
                if (!in.contains(offset, 0)) {
                    break;
                }
                return offset;
            }
        }
        throw in.error(field, -1, "address 0x" + Long.toHexString(address) + " is not inside any loadable segment");
    }
}
