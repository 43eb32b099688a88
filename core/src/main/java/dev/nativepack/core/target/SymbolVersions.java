package dev.nativepack.core.target;

import java.util.Map;

/**
 * Symbol-version names such as {@code GLIBC_2.34} or {@code GLIBCXX_3.4.29}: their family and
 * number, and whether a target's ceilings admit them.
 */
public final class SymbolVersions {
    private SymbolVersions() {
    }

    /** The family of a version name ({@code GLIBC} for {@code GLIBC_2.34}), or null when it has no number. */
    public static String family(String version) {
        int underscore = version.lastIndexOf('_');
        if (underscore <= 0 || underscore == version.length() - 1 || !Character.isDigit(version.charAt(underscore + 1))) {
            return null;
        }
        return version.substring(0, underscore);
    }

    /** The number part ({@code 2.34}), or null. */
    public static String number(String version) {
        return family(version) == null ? null : version.substring(version.lastIndexOf('_') + 1);
    }

    /** Compares dotted version numbers component by component, numerically where both are numbers. */
    public static int compareNumbers(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = isNumber(p) && isNumber(q) ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a target with these ceilings and C library version provides a version, judged from
     * the ceilings alone: TRUE or FALSE when the family has a ceiling, null when they cannot tell.
     */
    public static Boolean admittedByCeilings(String version, Map<String, String> ceilings, String glibcVersion) {
        if (version.equals("GLIBC_PRIVATE")) {
            // Defined by every glibc library for its siblings; needing it is a finding of its own.
            return Boolean.TRUE;
        }
        if (version.equals("GLIBC_ABI_DT_RELR")) {
            return glibcVersion != null && compareNumbers(glibcVersion, "2.36") >= 0;
        }
        String family = family(version);
        if (family == null) {
            return null;
        }
        String ceiling = ceilings.get(family);
        if (ceiling == null) {
            return null;
        }
        return compareNumbers(number(version), ceiling) <= 0;
    }
}
