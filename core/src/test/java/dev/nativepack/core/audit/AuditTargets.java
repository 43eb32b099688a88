package dev.nativepack.core.audit;

import dev.nativepack.core.target.SnapshotOptions;
import dev.nativepack.core.target.SymbolVersions;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetLibrary;
import dev.nativepack.core.target.TargetSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Targets for audit tests, made from a snapshot of this machine (a real root with real version
 * definitions) and changed the way a different runtime would differ: fewer libraries, an older
 * glibc, another search path.
 */
final class AuditTargets {
    private static Target host;

    private AuditTargets() {
    }

    static synchronized Target host() throws Exception {
        if (host == null) {
            host = TargetSnapshot.capture(Path.of("/"), SnapshotOptions.builder("test/this-machine/x86_64").build());
        }
        return host;
    }

    /** This machine without the libraries the predicate names. */
    static Target without(Target t, Predicate<String> name) {
        List<TargetLibrary> kept = new ArrayList<>();
        for (TargetLibrary l : t.libraries()) {
            if (!name.test(l.name())) {
                kept.add(l);
            }
        }
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), t.libc(), t.ceilings(), t.loader(),
                t.layout(), t.limits(), kept);
    }

    /** The same libraries, with every version of a family above {@code max} removed, as an older runtime has. */
    static Target olderFamily(Target t, String family, String max) {
        List<TargetLibrary> libs = new ArrayList<>();
        for (TargetLibrary l : t.libraries()) {
            List<String> versions = l.versions();
            if (versions != null) {
                versions = versions.stream().filter(v -> !family.equals(SymbolVersions.family(v))
                        || SymbolVersions.compareNumbers(SymbolVersions.number(v), max) <= 0).toList();
            }
            libs.add(new TargetLibrary(l.name(), l.directory(), l.soname(), versions, l.confidence(), l.needed()));
        }
        Map<String, String> ceilings = new HashMap<>(t.ceilings());
        ceilings.put(family, max);
        Target.Libc libc = family.equals("GLIBC") ? new Target.Libc("glibc", max) : t.libc();
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), libc, ceilings, t.loader(),
                t.layout(), t.limits(), libs);
    }

    static Target withLdLibraryPath(Target t, String ldLibraryPath) {
        Target.Loader l = t.loader();
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), t.libc(), t.ceilings(),
                new Target.Loader(l.interpreter(), l.systemDirs(), l.lib(), l.platform(), ldLibraryPath,
                        l.directoryAliases()), t.layout(), t.limits(), t.libraries());
    }

    static Target withLimits(Target t, long zipped, long unzipped) {
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), t.libc(), t.ceilings(), t.loader(),
                t.layout(), new Target.Limits(zipped, unzipped), t.libraries());
    }
}
