package dev.nativepack.core.report;

import java.util.ArrayList;
import java.util.List;

/** The names readelf uses for the DT_FLAGS and DT_FLAGS_1 bits; unknown bits are shown in hex. */
public final class DynamicFlagNames {
    private static final String[] FLAGS = {"ORIGIN", "SYMBOLIC", "TEXTREL", "BIND_NOW", "STATIC_TLS"};

    private static final String[] FLAGS_1 = {
        "NOW", "GLOBAL", "GROUP", "NODELETE", "LOADFLTR", "INITFIRST", "NOOPEN", "ORIGIN",
        "DIRECT", "TRANS", "INTERPOSE", "NODEFLIB", "NODUMP", "CONFALT", "ENDFILTEE", "DISPRELDNE",
        "DISPRELPND", "NODIRECT", "IGNMULDEF", "NOKSYMS", "NOHDR", "EDITED", "NORELOC", "SYMINTPOSE",
        "GLOBAUDIT", "SINGLETON", "STUB", "PIE", "KMOD", "WEAKFILTER", "NOCOMMON"
    };

    private DynamicFlagNames() {
    }

    public static List<String> flags(long value) {
        return names(value, FLAGS);
    }

    public static List<String> flags1(long value) {
        return names(value, FLAGS_1);
    }

    private static List<String> names(long value, String[] known) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long mask = 1L << bit;
            if ((value & mask) != 0) {
                names.add(bit < known.length ? known[bit] : "0x" + Long.toHexString(mask));
            }
        }
        return names;
    }
}
