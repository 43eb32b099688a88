package dev.nativepack.elf;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs binutils readelf (always with -W, so nothing is truncated) and parses its text output.
 * This is the oracle: expected values in the tests come from here, never from the reader under test.
 */
final class Readelf {
    private Readelf() {
    }

    static String run(Path file, String... options) throws IOException {
        String[] cmd = new String[options.length + 3];
        cmd[0] = "readelf";
        cmd[1] = "-W";
        System.arraycopy(options, 0, cmd, 2, options.length);
        cmd[cmd.length - 1] = file.toString();
        return Toolchain.run(null, Map.of("LC_ALL", "C"), cmd);
    }

    static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    // ---- readelf -h

    /** "Key: value" lines of readelf -h, keyed by the text before the first colon. */
    static Map<String, String> header(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : run(file, "-h").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.startsWith("  ")) {
                // "Version" appears twice (e_ident and e_version); keep both apart.
                String key = line.substring(0, colon).trim();
                if (out.containsKey(key)) {
                    key = key + "#2";
                }
                out.put(key, line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** The leading number of a header value such as "64 (bytes)" or "0x5000400, Version5 EABI". */
    static long leadingNumber(String value) {
        String first = value.split("[ ,]")[0];
        return first.startsWith("0x") ? hex(first) : Long.parseLong(first);
    }

    // ---- readelf -l

    record Segment(String type, long offset, long vaddr, long paddr, long filesz, long memsz, String flags, long align) {
    }

    record Segments(List<Segment> segments, String interpreter) {
    }

    private static final Pattern SEGMENT = Pattern.compile(
            "^\\s+(\\S+)\\s+0x(\\p{XDigit}+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) (.{3}) 0x(\\p{XDigit}+)$");
    private static final Pattern INTERP = Pattern.compile("\\[Requesting program interpreter: (.*)]");

    static Segments programHeaders(Path file) throws IOException {
        List<Segment> out = new ArrayList<>();
        String interp = null;
        for (String line : run(file, "-l").split("\n")) {
            Matcher m = SEGMENT.matcher(line);
            if (m.matches()) {
                out.add(new Segment(m.group(1), hex(m.group(2)), hex(m.group(3)), hex(m.group(4)), hex(m.group(5)),
                        hex(m.group(6)), m.group(7), hex(m.group(8))));
            }
            Matcher i = INTERP.matcher(line);
            if (i.find()) {
                interp = i.group(1);
            }
        }
        return new Segments(out, interp);
    }

    // ---- readelf -S

    record Section(int index, String name, String type, long addr, long offset, long size, long entsize, String flags,
                   long link, long info, long align) {
    }

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(\\d+)] (.*?)\\s+(\\S+)\\s+(\\p{XDigit}{8,16}) "
            + "(\\p{XDigit}{6,16}) (\\p{XDigit}{6,16}) (\\p{XDigit}{2})\\s+([A-Za-z]*)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    static List<Section> sections(Path file) throws IOException {
        List<Section> out = new ArrayList<>();
        for (String line : run(file, "-S").split("\n")) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                out.add(new Section(Integer.parseInt(m.group(1)), m.group(2).trim(), m.group(3), hex(m.group(4)),
                        hex(m.group(5)), hex(m.group(6)), hex(m.group(7)), m.group(8), Long.parseLong(m.group(9)),
                        Long.parseLong(m.group(10)), Long.parseLong(m.group(11))));
            }
        }
        return out;
    }

    // ---- readelf -d

    record DynamicEntry(long tag, String name, String value) {
        /** The text inside [...] of NEEDED/SONAME/RPATH/RUNPATH values. */
        String bracketed() {
            return value.substring(value.indexOf('[') + 1, value.lastIndexOf(']'));
        }
    }

    private static final Pattern DYNAMIC = Pattern.compile("^\\s*0x(\\p{XDigit}+) \\((\\S+)\\)\\s+(.*)$");

    /** The entries readelf prints, up to but not including the first DT_NULL. */
    static List<DynamicEntry> dynamic(Path file) throws IOException {
        List<DynamicEntry> out = new ArrayList<>();
        for (String line : run(file, "-d").split("\n")) {
            Matcher m = DYNAMIC.matcher(line);
            if (m.matches()) {
                if (hex(m.group(1)) == 0) {
                    break;
                }
                out.add(new DynamicEntry(hex(m.group(1)), m.group(2), m.group(3).trim()));
            }
        }
        return out;
    }

    private static final Map<String, Long> DF_NAMES = Map.of("ORIGIN", 0x1L, "SYMBOLIC", 0x2L, "TEXTREL", 0x4L,
            "BIND_NOW", 0x8L, "STATIC_TLS", 0x10L);
    private static final Map<String, Long> DF_1_NAMES = Map.ofEntries(Map.entry("NOW", 0x1L), Map.entry("GLOBAL", 0x2L),
            Map.entry("GROUP", 0x4L), Map.entry("NODELETE", 0x8L), Map.entry("LOADFLTR", 0x10L),
            Map.entry("INITFIRST", 0x20L), Map.entry("NOOPEN", 0x40L), Map.entry("ORIGIN", 0x80L),
            Map.entry("DIRECT", 0x100L), Map.entry("INTERPOSE", 0x400L), Map.entry("NODEFLIB", 0x800L),
            Map.entry("NODUMP", 0x1000L), Map.entry("CONFALT", 0x2000L), Map.entry("ENDFILTEE", 0x4000L),
            Map.entry("NODIRECT", 0x20000L), Map.entry("PIE", 0x08000000L));

    /** The bits of a FLAGS or FLAGS_1 value as readelf names them; an unknown name fails the test. */
    static long flagBits(DynamicEntry e) {
        Map<String, Long> names = e.tag() == DynamicTag.DT_FLAGS ? DF_NAMES : DF_1_NAMES;
        String text = e.value().startsWith("Flags:") ? e.value().substring("Flags:".length()) : e.value();
        long bits = 0;
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            Long bit = names.get(word);
            if (bit == null) {
                throw new AssertionError("unknown flag name '" + word + "' in " + e);
            }
            bits |= bit;
        }
        return bits;
    }

    // ---- readelf -n

    record Note(String owner, long size, String description) {
    }

    private static final Pattern NOTE = Pattern.compile("^  (\\S+)\\s+0x(\\p{XDigit}{8})\\s+(.*)$");

    static List<Note> notes(Path file) throws IOException {
        List<Note> out = new ArrayList<>();
        for (String line : run(file, "-n").split("\n")) {
            Matcher m = NOTE.matcher(line);
            if (m.matches() && !m.group(1).equals("Owner")) {
                out.add(new Note(m.group(1), hex(m.group(2)), m.group(3).trim()));
            }
        }
        return out;
    }

    /** n_type from readelf's description of a GNU note. */
    static long gnuNoteType(Note n) {
        String d = n.description();
        if (d.startsWith("NT_GNU_ABI_TAG")) return 1;
        if (d.startsWith("NT_GNU_HWCAP")) return 2;
        if (d.startsWith("NT_GNU_BUILD_ID")) return 3;
        if (d.startsWith("NT_GNU_GOLD_VERSION")) return 4;
        if (d.startsWith("NT_GNU_PROPERTY_TYPE_0")) return 5;
        throw new AssertionError("unexpected note description: " + d);
    }

    // ---- readelf -V

    record VersionDef(int index, String flags, int count, String name, List<String> parents) {
    }

    record VersionAux(String name, String flags, int index) {
    }

    record VersionNeedEntry(String file, int count, List<VersionAux> versions) {
    }

    record Versions(List<VersionDef> definitions, List<VersionNeedEntry> needs) {
    }

    private static final Pattern VERDEF = Pattern.compile(
            "^\\s+\\S+: Rev: 1\\s+Flags: (.+?)\\s+Index: (\\d+)\\s+Cnt: (\\d+)\\s+Name: (\\S+)$");
    private static final Pattern VERDEF_PARENT = Pattern.compile("^\\s+\\S+: Parent (\\d+): (\\S+)$");
    private static final Pattern VERNEED = Pattern.compile("^\\s+\\S+: Version: 1\\s+File: (\\S+)\\s+Cnt: (\\d+)$");
    private static final Pattern VERNAUX = Pattern.compile(
            "^\\s+\\S+:\\s+Name: (\\S+)\\s+Flags: (.+?)\\s+Version: (\\d+)$");

    static Versions versions(Path file) throws IOException {
        List<VersionDef> defs = new ArrayList<>();
        List<VersionNeedEntry> needs = new ArrayList<>();
        for (String line : run(file, "-V").split("\n")) {
            Matcher m;
            if ((m = VERDEF.matcher(line)).matches()) {
                defs.add(new VersionDef(Integer.parseInt(m.group(2)), m.group(1), Integer.parseInt(m.group(3)),
                        m.group(4), new ArrayList<>()));
            } else if ((m = VERDEF_PARENT.matcher(line)).matches()) {
                defs.get(defs.size() - 1).parents().add(m.group(2));
            } else if ((m = VERNEED.matcher(line)).matches()) {
                needs.add(new VersionNeedEntry(m.group(1), Integer.parseInt(m.group(2)), new ArrayList<>()));
            } else if ((m = VERNAUX.matcher(line)).matches()) {
                needs.get(needs.size() - 1).versions().add(
                        new VersionAux(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
            }
        }
        return new Versions(defs, needs);
    }

    // ---- readelf --dyn-syms / -s

    /** One symbol; {@code version} is null without one, {@code defaultVersion} true for name@@VERSION. */
    record Symbol(int number, long value, long size, String type, String bind, String visibility, String ndx,
                  String name, String version, boolean defaultVersion) {
        boolean undefined() {
            return ndx.equals("UND");
        }
    }

    private static final Pattern SYMBOL = Pattern.compile("^\\s*(\\d+): (\\p{XDigit}+)\\s+(0x\\p{XDigit}+|\\d+) "
            + "(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(?:\\[[^]]*]\\s+)?(\\S+) ?(.*)$");
    private static final Pattern TABLE_START = Pattern.compile("^Symbol table '(\\S+)' contains (\\d+) entr");

    /** The symbols of one table (".dynsym" or ".symtab"), empty when readelf shows no such table. */
    static List<Symbol> symbols(Path file, String table) throws IOException {
        List<Symbol> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : run(file, table.equals(".dynsym") ? "--dyn-syms" : "--syms").split("\n")) {
            Matcher start = TABLE_START.matcher(line);
            if (start.find()) {
                inTable = start.group(1).equals(table);
                continue;
            }
            Matcher m = SYMBOL.matcher(line);
            if (inTable && m.matches()) {
                String size = m.group(3);
                String name = m.group(8).replaceFirst(" \\(\\d+\\)$", "");
                String version = null;
                boolean dflt = false;
                int at = name.indexOf('@');
                if (at > 0) {
                    dflt = name.startsWith("@@", at);
                    version = name.substring(at + (dflt ? 2 : 1));
                    name = name.substring(0, at);
                }
                out.add(new Symbol(Integer.parseInt(m.group(1)), hex(m.group(2)),
                        size.startsWith("0x") ? hex(size) : Long.parseLong(size), m.group(4), m.group(5), m.group(6),
                        m.group(7), name, version, dflt));
            }
        }
        return out;
    }

    /** "Symbol table '.symtab' contains N entries", or -1 without such a table. */
    static int symbolCount(Path file, String table) throws IOException {
        for (String line : run(file, table.equals(".dynsym") ? "--dyn-syms" : "--syms").split("\n")) {
            Matcher m = TABLE_START.matcher(line);
            if (m.find() && m.group(1).equals(table)) {
                return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }
}
