package dev.nativepack.core.audit;

import dev.nativepack.core.target.SymbolVersions;
import dev.nativepack.core.target.Target;

/** What to do when a required symbol version is newer than the target's library defines. */
final class VersionAdvice {
    private VersionAdvice() {
    }

    /** "(the target has at most GLIBC_2.34)", or "" when the target has no ceiling for the family. */
    static String ceilingNote(String version, Target target) {
        String family = SymbolVersions.family(version);
        String ceiling = family == null ? null : target.ceilings().get(family);
        return ceiling == null ? "" : " (the target has at most " + family + "_" + ceiling + ")";
    }

    static String fix(String version, String library, Target target) {
        String family = SymbolVersions.family(version);
        if ("GLIBC".equals(family) || version.startsWith("GLIBC_")) {
            String arch = "arm64".equals(target.architecture()) ? "aarch64" : target.architecture();
            return "glibc cannot be bundled. Build on a system (or against a sysroot) with glibc "
                    + target.libc().version() + " or older, for example an older root made with debootstrap, "
                    + "or cross-compile against a pinned glibc: zig cc -target " + arch + "-linux-gnu."
                    + target.libc().version() + ".";
        }
        if ("GLIBCXX".equals(family) || "CXXABI".equals(family)) {
            return "The target's libstdc++ is older than the one this was built with. Bundle this machine's "
                    + "libstdc++.so.6 and make it win (`nativepack bundle` gives the entry a DT_RPATH, searched "
                    + "before the target's directories), or link with -static-libstdc++.";
        }
        if ("GCC".equals(family)) {
            return "The target's libgcc_s is older than the one this was built with. Bundle this machine's "
                    + "libgcc_s.so.1 and make it win (DT_RPATH on the entry, as `nativepack bundle` sets it), "
                    + "or link with -static-libgcc.";
        }
        return "The target's " + library + " is older than the one this was built against. Bundle a newer "
                + library + " and make it win (DT_RPATH on the entry, as `nativepack bundle` sets it), or build "
                + "against the version the target has.";
    }
}
