package dev.nativepack.core.report;

import dev.nativepack.elf.ElfNote;

/** Names for the note types found in executables and libraries, as readelf -n prints them. */
public final class NoteTypeNames {
    private NoteTypeNames() {
    }

    public static String name(ElfNote note) {
        String owner = note.owner();
        long type = note.type();
        if ("GNU".equals(owner)) {
            if (type == 1) return "NT_GNU_ABI_TAG";
            if (type == 2) return "NT_GNU_HWCAP";
            if (type == 3) return "NT_GNU_BUILD_ID";
            if (type == 4) return "NT_GNU_GOLD_VERSION";
            if (type == 5) return "NT_GNU_PROPERTY_TYPE_0";
        }
        if ("stapsdt".equals(owner) && type == 3) return "NT_STAPSDT";
        if ("FDO".equals(owner) && type == 0xcafe1a7eL) return "NT_FDO_PACKAGING_METADATA";
        if ("Go".equals(owner) && type == 4) return "GO_BUILDID";
        return "0x" + Long.toHexString(type);
    }
}
