package dev.nativepack.core.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * One directory of a search list. {@code host} marks directories reached through the $ORIGIN of a
 * file given on this machine (or relative to the working directory), which are read as they are
 * rather than under the resolution root.
 */
record SearchDir(String dir, boolean host) {

    /*
     * equals and hashCode written out: a record's generated ones are bootstrapped through
     * invokedynamic on first use, which spins method-handle classes at every start (~20 here).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof SearchDir other && other.host == host && other.dir.equals(dir);
    }

    @Override
    public int hashCode() {
        return dir.hashCode() * 31 + (host ? 1 : 0);
    }

    /** The file path for a name in this directory, optionally inside a hwcaps subdirectory. */
    String file(String subdir, String name) {
        String base = dir.isEmpty() ? "" : dir.endsWith("/") ? dir : dir + "/";
        return subdir.isEmpty() ? base + name : base + subdir + "/" + name;
    }

    /** A hwcaps subdirectory of this directory. */
    String subdir(String sub) {
        return dir.isEmpty() ? sub : dir.endsWith("/") ? dir + sub : dir + "/" + sub;
    }

    /**
     * Splits a search list the way glibc's fillin_rpath does: empty elements mean the working
     * directory, an element whose tokens cannot be expanded is dropped, trailing slashes go, and a
     * directory listed twice is searched once.
     */
    static List<SearchDir> parse(String list, String separators, String origin, boolean originOnHost,
                                 LoaderProfile profile) {
        List<SearchDir> out = new ArrayList<>();
        if (list == null || list.isEmpty()) {
            // An entirely empty RPATH/RUNPATH string is ignored (decompose_rpath).
            return out;
        }
        int start = 0;
        for (int i = 0; i <= list.length(); i++) {
            if (i < list.length() && separators.indexOf(list.charAt(i)) < 0) {
                continue;
            }
            String element = list.substring(start, i);
            start = i + 1;
            boolean usesOrigin = element.contains("$ORIGIN") || element.contains("${ORIGIN}");
            String dir = element.isEmpty() ? "" : DynamicStringTokens.expand(element, origin, profile.dstLib(),
                    profile.dstPlatform());
            if (dir == null || (!element.isEmpty() && dir.isEmpty())) {
                continue;
            }
            while (dir.length() > 1 && dir.endsWith("/")) {
                dir = dir.substring(0, dir.length() - 1);
            }
            SearchDir entry = new SearchDir(dir, !dir.startsWith("/") || (usesOrigin && originOnHost));
            if (!out.contains(entry)) {
                out.add(entry);
            }
        }
        return out;
    }
}
