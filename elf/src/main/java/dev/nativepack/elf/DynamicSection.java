package dev.nativepack.elf;

import java.util.List;

/**
 * The decoded dynamic array, read from PT_DYNAMIC as the loader reads it. String-valued tags are
 * already looked up in DT_STRTAB; an object with both DT_RPATH and DT_RUNPATH keeps both here, and
 * {@link #effectiveRpath()} applies the loader's rule that RUNPATH hides RPATH.
 */
public record DynamicSection(
        List<String> needed,
        String soname,
        String rpath,
        String runpath,
        long flags,
        long flags1,
        List<String> auxiliary,
        List<String> filters,
        boolean hasTextRelocations,
        boolean hasRelr,
        int spareNullEntries) {

    /** DT_RPATH as the loader uses it: ignored when the same object also has DT_RUNPATH (research/elf.md §2.3). */
    public String effectiveRpath() {
        return runpath != null ? null : rpath;
    }

    public boolean hasRunpath() {
        return runpath != null;
    }

    public boolean noDefaultLib() {
        return (flags1 & DynamicTag.DF_1_NODEFLIB) != 0;
    }

    public boolean isPie() {
        return (flags1 & DynamicTag.DF_1_PIE) != 0;
    }

    public boolean staticTls() {
        return (flags & DynamicTag.DF_STATIC_TLS) != 0;
    }

    public static final DynamicSection EMPTY =
            new DynamicSection(List.of(), null, null, null, 0, 0, List.of(), List.of(), false, false, 0);
}
