package dev.nativepack.core.resolve;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the real loader printed for {@code ld.so --list FILE} (or LD_TRACE_LOADED_OBJECTS=1): the
 * link-map chain after the main program, in order. The lines are {@code NAME => PATH (0xADDR)},
 * {@code NAME => not found}, a bare {@code PATH (0xADDR)} when the name equals the path (the
 * interpreter, the vDSO), or the single line {@code statically linked} for an object without
 * dependencies. The vDSO is not a file and is left out.
 */
record LoaderListing(boolean staticallyLinked, List<Entry> entries) {
    static final String VDSO = "linux-vdso.so.1";

    private static final Pattern FOUND = Pattern.compile("^\t(.+) => (.+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern NOT_FOUND = Pattern.compile("^\t(.+) => not found$");
    private static final Pattern BARE = Pattern.compile("^\t(.+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern MISSING_ERROR = Pattern.compile(
            "error while loading shared libraries: (.+): cannot open shared object file");
    private static final Pattern VERSION_ERROR = Pattern.compile(
            "^(?:.*: )?(.+): version `(.+)' not found \\(required by (.+)\\)$");

    /** One line: the name the object was first requested as and the path opened (null: not found). */
    record Entry(String name, String path) {
        @Override
        public String toString() {
            return name + " => " + (path == null ? "not found" : path);
        }
    }

    /** A fatal version-check failure: the provider's path, the version and the requester's name. */
    record VersionError(String provider, String version, String requiredBy) {
    }

    static LoaderListing parse(String stdout) {
        List<Entry> entries = new ArrayList<>();
        boolean statically = false;
        for (String line : stdout.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if (line.equals("\tstatically linked")) {
                statically = true;
            } else if ((m = NOT_FOUND.matcher(line)).matches()) {
                entries.add(new Entry(m.group(1), null));
            } else if ((m = FOUND.matcher(line)).matches()) {
                entries.add(new Entry(m.group(1), m.group(2)));
            } else if ((m = BARE.matcher(line)).matches()) {
                if (!m.group(1).equals(VDSO)) {
                    entries.add(new Entry(m.group(1), m.group(1)));
                }
            } else {
                // An unknown line format must fail the comparison rather than be dropped silently.
                throw new IllegalArgumentException("unexpected ld.so --list line: " + line);
            }
        }
        return new LoaderListing(statically, List.copyOf(entries));
    }

    /** The objects the loader opened, in link-map order. */
    List<Entry> loaded() {
        return entries.stream().filter(e -> e.path() != null).toList();
    }

    /** The names the loader could not find, each once, in the order it failed on them. */
    List<String> notFound() {
        return List.copyOf(new LinkedHashSet<>(entries.stream().filter(e -> e.path() == null).map(Entry::name)
                .toList()));
    }

    /** The name in "error while loading shared libraries: NAME: cannot open shared object file", or null. */
    static String missingFromError(String stderr) {
        Matcher m = MISSING_ERROR.matcher(stderr);
        return m.find() ? m.group(1) : null;
    }

    /** Every "version `V' not found (required by R)" line the loader printed (weak ones say "weak version"). */
    static List<VersionError> versionErrors(String stderr) {
        List<VersionError> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("weak version `")) {
                continue;
            }
            Matcher m = VERSION_ERROR.matcher(line);
            if (m.matches()) {
                out.add(new VersionError(m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }
}
