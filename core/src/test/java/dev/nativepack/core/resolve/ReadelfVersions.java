package dev.nativepack.core.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Version definition section" and "Version needs section" of {@code readelf -VW FILE}, as
 * one line per entry so that they compare as plain lists: needs as
 * {@code FILE VERSION flags=F index=N}, definitions as {@code index=N flags=F NAME parents=[...]}.
 * Flags use readelf's own wording ("none", "BASE", "WEAK", "BASE | WEAK", ...).
 */
record ReadelfVersions(List<String> needs, List<String> definitions) {
    private static final Pattern NEED_FILE = Pattern.compile("^\\s+\\S+: Version: \\d+\\s+File: (\\S+)\\s+Cnt: \\d+$");
    private static final Pattern NEED_AUX = Pattern.compile(
            "^\\s+\\S+:\\s+Name: (\\S+)\\s+Flags: (.+?)\\s+Version: (\\d+)$");
    private static final Pattern DEF = Pattern.compile(
            "^\\s+\\S+: Rev: \\d+\\s+Flags: (.+?)\\s+Index: (\\d+)\\s+Cnt: \\d+\\s+Name: (\\S+)$");
    private static final Pattern PARENT = Pattern.compile("^\\s+\\S+: Parent \\d+: (\\S+)$");

    private enum Section { OTHER, DEFINITIONS, NEEDS }

    static ReadelfVersions parse(String stdout) {
        List<String> needs = new ArrayList<>();
        List<String> defs = new ArrayList<>();
        Section section = Section.OTHER;
        String file = null;
        String def = null;
        List<String> parents = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.startsWith(" ")) {
                // A section heading (or a blank line) ends the previous section.
                if (def != null) {
                    defs.add(def + " parents=" + parents);
                    def = null;
                }
                section = line.startsWith("Version definition section") ? Section.DEFINITIONS
                        : line.startsWith("Version needs section") ? Section.NEEDS : Section.OTHER;
                continue;
            }
            if (section == Section.OTHER || line.startsWith(" Addr: ")) {
                continue;
            }
            Matcher m;
            if (section == Section.NEEDS && (m = NEED_FILE.matcher(line)).matches()) {
                file = m.group(1);
            } else if (section == Section.NEEDS && (m = NEED_AUX.matcher(line)).matches() && file != null) {
                needs.add(file + " " + m.group(1) + " flags=" + m.group(2) + " index=" + m.group(3));
            } else if (section == Section.DEFINITIONS && (m = DEF.matcher(line)).matches()) {
                if (def != null) {
                    defs.add(def + " parents=" + parents);
                }
                def = "index=" + m.group(2) + " flags=" + m.group(1) + " " + m.group(3);
                parents = new ArrayList<>();
            } else if (section == Section.DEFINITIONS && (m = PARENT.matcher(line)).matches() && def != null) {
                parents.add(m.group(1));
            } else {
                throw new IllegalArgumentException("unexpected readelf -VW line: " + line);
            }
        }
        if (def != null) {
            defs.add(def + " parents=" + parents);
        }
        return new ReadelfVersions(List.copyOf(needs), List.copyOf(defs));
    }

    /** readelf's get_ver_flags wording, so that our flag values print the way readelf prints them. */
    static String flags(int flags) {
        if (flags == 0) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if ((flags & 1) != 0) {
            parts.add("BASE");
        }
        if ((flags & 2) != 0) {
            parts.add("WEAK");
        }
        if ((flags & 4) != 0) {
            parts.add("INFO");
        }
        if ((flags & ~7) != 0) {
            parts.add("<unknown>");
        }
        return String.join(" | ", parts);
    }
}
