package dev.nativepack.core.target;

import dev.nativepack.core.resolve.Baseline;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target's libraries as the resolver's {@link Baseline}: paths are compared after following
 * the target's directory aliases ({@code /lib64 -> /usr/lib64}), and libraries whose exact
 * versions are not recorded answer from the target's ceilings.
 */
public final class TargetBaseline implements Baseline {
    private final Target target;
    private final Map<String, Library> byCanonicalPath = new HashMap<>();
    private final Map<String, Library> byName = new LinkedHashMap<>();
    private final Set<String> directories = new HashSet<>();

    private TargetBaseline(Target target) {
        this.target = target;
        for (TargetLibrary lib : target.libraries()) {
            Library l = new Library(lib, this);
            byCanonicalPath.putIfAbsent(canonical(lib.directory()) + "/" + lib.name(), l);
            byName.putIfAbsent(lib.name(), l);
            directories.add(canonical(lib.directory()));
        }
        for (String dir : target.loader().systemDirs()) {
            directories.add(canonical(dir));
        }
    }

    public static TargetBaseline of(Target target) {
        return new TargetBaseline(target);
    }

    public Target target() {
        return target;
    }

    @Override
    public BaselineLibrary find(String directory, String fileName) {
        return byCanonicalPath.get(canonical(directory) + "/" + fileName);
    }

    @Override
    public boolean hasDirectory(String directory) {
        return directories.contains(canonical(directory));
    }

    @Override
    public String cached(String fileName) {
        Library l = byName.get(fileName);
        return l == null ? null : l.path();
    }

    /** The target's library with this file name in any of its directories, or null. */
    public Library byName(String fileName) {
        return byName.get(fileName);
    }

    /** A directory with the target's aliases followed (longest alias first) and no trailing slash. */
    public String canonicalPath(String directory) {
        return canonical(directory);
    }

    String canonical(String directory) {
        String dir = directory;
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        for (int round = 0; round < 8; round++) {
            String best = null;
            for (String alias : target.loader().directoryAliases().keySet()) {
                if ((dir.equals(alias) || dir.startsWith(alias + "/")) && (best == null || alias.length() > best.length())) {
                    best = alias;
                }
            }
            if (best == null) {
                return dir;
            }
            dir = target.loader().directoryAliases().get(best) + dir.substring(best.length());
        }
        return dir;
    }

    /** One of the target's libraries. */
    public static final class Library implements BaselineLibrary {
        private final TargetLibrary data;
        private final Set<String> versions;
        private final TargetBaseline owner;

        Library(TargetLibrary data, TargetBaseline owner) {
            this.data = data;
            this.owner = owner;
            List<String> v = data.versions();
            this.versions = v == null ? null : new HashSet<>(v);
        }

        public TargetLibrary data() {
            return data;
        }

        @Override
        public String path() {
            return data.path();
        }

        @Override
        public String soname() {
            return data.effectiveSoname();
        }

        @Override
        public List<String> needed() {
            return data.needed();
        }

        /** Whether the exact version list is known (else answers come from the ceilings). */
        public boolean versionsKnown() {
            return versions != null;
        }

        @Override
        public boolean defines(String version) {
            if (versions != null) {
                return versions.contains(version);
            }
            Target t = owner.target;
            Boolean admitted = SymbolVersions.admittedByCeilings(version, t.ceilings(), t.libc().version());
            // A version family the target says nothing about is given the benefit of the doubt.
            return admitted == null || admitted;
        }
    }
}
