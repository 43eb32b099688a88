package dev.nativepack.core.target;

import dev.nativepack.core.resolve.GlibcVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest numbered version of each family that binaries are checked against (GLIBC_2.31,
 * GLIBCXX_3.4.28, CXXABI_1.3.12, GCC_7.0.0). Names that are not numbers (GLIBC_PRIVATE,
 * CXXABI_TM_1, GLIBC_ABI_DT_RELR) are not ceilings, and numbers compare component by component.
 */
final class VersionCeilings {
    static final List<String> FAMILIES = List.of("GLIBC", "GLIBCXX", "CXXABI", "GCC");

    private VersionCeilings() {
    }

    /** Family -> highest version number among the given version names; families not seen are absent. */
    static Map<String, String> of(Collection<? extends Collection<String>> versionLists) {
        Map<String, String> best = new TreeMap<>();
        for (Collection<String> versions : versionLists) {
            for (String name : versions) {
                int underscore = name.indexOf('_');
                if (underscore < 0) {
                    continue;
                }
                String family = name.substring(0, underscore);
                String number = name.substring(underscore + 1);
                if (FAMILIES.contains(family) && isNumber(number)) {
                    best.merge(family, number, (a, b) -> GlibcVersion.compare(a, b) >= 0 ? a : b);
                }
            }
        }
        return best;
    }

    /** Dot-separated digit groups, e.g. 2.2.5; no regular expression, as this runs per version name. */
    static boolean isNumber(String s) {
        if (s.isEmpty() || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && (c != '.' || s.charAt(i - 1) == '.')) {
                return false;
            }
        }
        return true;
    }
}
