package dev.nativepack.core.resolve;

import java.util.List;

/**
 * A required symbol version that the providing library does not define, as ld.so's
 * _dl_check_map_versions would find it (research/elf.md §3.3). Weak requirements are reported
 * but are not fatal.
 */
public record VersionProblem(LoadedObject requester, String library, LoadedObject provider, String version,
                             boolean weak, List<String> symbols) {
    /** The loader's message, e.g. "version `GLIBC_2.34' not found (required by app)". */
    public String message() {
        return (weak ? "weak version `" : "version `") + version + "' not found (required by " + requester.path() + ")";
    }
}
