package dev.nativepack.core.runtimedata;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Something a library or program loads or reads at run time that DT_NEEDED does not name: a
 * plugin directory, data, configuration or a plugin registry. A bundle copies {@code hostPath} to
 * {@code destination} and sets {@code environment} (values relative to where it is unpacked).
 *
 * @param library       who needs it: a soname ({@code libproj.so.25}) or a program's file name
 * @param kind          what it is
 * @param what          for people: "PROJ's database proj.db, init files and transformation grids (PROJ_DATA)"
 * @param path          where the library looks, on the build root, as it names it ({@code /usr/share/proj})
 * @param hostPath      that path on this machine, symbolic links resolved inside the build root: what to copy
 * @param bytes         its size in bytes, every file below a directory counted (links not followed)
 * @param files         how many files that is
 * @param destination   where a bundle puts it, relative to the bundle's root ({@code share/proj})
 * @param environment   the variables that point the library there; empty when only the compiled-in
 *                      path is known, which a bundle cannot move
 * @param required      files under the path the library cannot work without ({@code proj.db})
 * @param optionalParts parts a deployment may leave out, with their sizes
 * @param namedIn       the destination of the need whose configuration names this one by path, which a
 *                      bundle rewrites to name the copy (fonts.conf's {@code <dir>}): it moves this need
 *                      as a variable would; null when none does
 * @param rewrite       how a bundle rewrites this need's own configuration files, or null
 * @param evidence      why it is believed, one line per source, in the order dpkg (or rpm), table, strings
 * @param provenance    the data table's account of the library, null when the table does not know it
 * @param note          what else a bundle must do (rewrite a registry, keep a cache in /tmp), or null
 * @param neverBundled  why it must come from the target and is never bundled (glibc's gconv
 *                      modules), or null
 */
public record RuntimeNeed(String library, NeedKind kind, String what, String path, Path hostPath, long bytes, int files,
                          String destination, List<EnvironmentSetting> environment, List<String> required,
                          List<OptionalPart> optionalParts, String namedIn, ConfigurationRewrite rewrite,
                          List<Evidence> evidence, String provenance, String note, String neverBundled) {
    public RuntimeNeed {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(destination, "destination");
        environment = List.copyOf(environment);
        required = List.copyOf(required);
        optionalParts = List.copyOf(optionalParts);
        evidence = List.copyOf(evidence);
    }

    /** The sources that found it. */
    public Set<NeedSource> sources() {
        Set<NeedSource> out = EnumSet.noneOf(NeedSource.class);
        for (Evidence e : evidence) {
            out.add(e.source());
        }
        return out;
    }

    /** Whether a bundle brings it; false when it must come from the target. */
    public boolean bundled() {
        return neverBundled == null;
    }

    /** The total size of the optional parts. */
    public long optionalBytes() {
        long sum = 0;
        for (OptionalPart p : optionalParts) {
            sum += p.bytes();
        }
        return sum;
    }

    /**
     * Whether a bundle unpacked at {@code bundleRoot} holds it: the destination, and the required
     * files under it. Links are followed inside the bundle only: one to /usr/share/proj names the
     * target's directory, not this machine's, and does not count.
     */
    public boolean presentIn(Path bundleRoot) {
        RootedFiles bundle = new RootedFiles(bundleRoot);
        if (bundle.existing("/" + destination) == null) {
            return false;
        }
        for (String r : required) {
            if (bundle.existing("/" + destination + "/" + r) == null) {
                return false;
            }
        }
        return true;
    }
}
