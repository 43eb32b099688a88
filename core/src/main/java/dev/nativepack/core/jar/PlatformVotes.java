package dev.nativepack.core.jar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hints about an ELF file's operating system and C library, each with the fact it came from. A
 * part is decided when every hint agrees; conflicting hints, or none, leave it unknown.
 */
final class PlatformVotes {
    private final Map<String, List<String>> os = new LinkedHashMap<>();
    private final Map<String, List<String>> libc = new LinkedHashMap<>();
    private final List<String> doubts = new ArrayList<>();

    void os(String name, String why) {
        os.computeIfAbsent(name, k -> new ArrayList<>()).add(why);
    }

    void libc(String name, String why) {
        libc.computeIfAbsent(name, k -> new ArrayList<>()).add(why);
    }

    void linux(String libcName, String why) {
        os("linux", why);
        libc(libcName, why);
    }

    /** A hint that narrows nothing down but explains why a part stays unknown. */
    void ambiguous(String why) {
        doubts.add(why);
    }

    /** The platform, with the evidence for it (or for its doubts) appended to {@code evidence}. */
    NativePlatform decide(String architecture, boolean needsNothing, List<String> evidence) {
        for (List<String> whys : os.values()) {
            evidence.addAll(whys);
        }
        for (Map.Entry<String, List<String>> e : libc.entrySet()) {
            for (String why : e.getValue()) {
                if (!evidence.contains(why)) {
                    evidence.add(why);
                }
            }
        }
        evidence.addAll(doubts);
        String system;
        if (os.size() == 1) {
            system = os.keySet().iterator().next();
        } else {
            system = NativePlatform.UNKNOWN;
            evidence.add(os.isEmpty() ? "nothing names the operating system (OS/ABI System V, no OS note, "
                    + "no known C library needed)" : "conflicting hints: " + String.join(" vs ", os.keySet()));
        }
        String c;
        if (system.equals("linux") || system.equals("android")) {
            if (libc.size() == 1) {
                c = libc.keySet().iterator().next();
            } else if (libc.isEmpty() && needsNothing) {
                c = "none";
                evidence.add("needs no library and no program interpreter: no C library");
            } else {
                c = NativePlatform.UNKNOWN;
                if (libc.size() > 1) {
                    evidence.add("conflicting C libraries: " + String.join(" vs ", libc.keySet()));
                }
            }
        } else {
            c = system.equals(NativePlatform.UNKNOWN) ? NativePlatform.UNKNOWN : "";
        }
        return new NativePlatform(system, architecture, c);
    }
}
