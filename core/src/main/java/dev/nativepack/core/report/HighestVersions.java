package dev.nativepack.core.report;

import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionNeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest version an object requires from each runtime family whose version decides whether
 * it runs on an older system: glibc, libstdc++, the C++ ABI and libgcc.
 */
public final class HighestVersions {
    /** The families reported, in the order shown. */
    public static final List<String> FAMILIES = List.of("GLIBC", "GLIBCXX", "CXXABI", "GCC");

    private HighestVersions() {
    }

    /** Family name to the highest required version name, e.g. {@code GLIBC -> GLIBC_2.34}; absent families are left out. */
    public static Map<String, String> of(List<VersionNeed> needs) {
        Map<String, String> highest = new LinkedHashMap<>();
        for (String family : FAMILIES) {
            List<SymbolVersion> versions = new ArrayList<>();
            for (VersionNeed need : needs) {
                for (RequiredVersion required : need.versions()) {
                    SymbolVersion.parse(required.name())
                            .filter(v -> v.family().equals(family))
                            .ifPresent(versions::add);
                }
            }
            SymbolVersion.highest(versions).ifPresent(v -> highest.put(family, v.toString()));
        }
        return highest;
    }
}
