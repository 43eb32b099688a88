package dev.nativepack.cli;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The facts the CLI tests check, read with binutils readelf: the expected values never come from nativepack. */
final class ReadelfOracle {
    private static final Pattern DYNAMIC = Pattern.compile("^\\s*0x\\p{XDigit}+ \\((\\S+)\\)\\s+(.*)$");
    private static final Pattern BRACKETED = Pattern.compile("\\[(.*)]");
    private static final Pattern VERNEED = Pattern.compile("^\\s*\\S+: Version: \\d+\\s+File: (\\S+)\\s+Cnt: \\d+$");
    private static final Pattern VERNAUX = Pattern.compile("^\\s*\\S+:\\s+Name: (\\S+)\\s+Flags: (.*?)\\s+Version: (\\d+)$");
    private static final Pattern VERDEF = Pattern.compile("^\\s*\\S+: Rev: \\d+\\s+Flags: (.*?)\\s+Index: (\\d+)\\s+Cnt: \\d+\\s+Name: (\\S+)$");
    private static final Pattern UNDEFINED_VERSIONED = Pattern.compile("\\sUND (\\S+)@(\\S+) \\((\\d+)\\)$");

    private ReadelfOracle() {
    }

    static String run(Path file, String option) throws IOException {
        return Toolchain.run(null, Map.of("LC_ALL", "C"), "readelf", "-W", option, file.toString());
    }

    /** "Key: value" lines of readelf -h. */
    static Map<String, String> header(Path file) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : run(file, "-h").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                header.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return header;
    }

    /** The values of one dynamic tag (NEEDED, SONAME, RUNPATH, FLAGS_1 ...), bracketed values unwrapped. */
    static List<String> dynamic(Path file, String tag) throws IOException {
        List<String> values = new ArrayList<>();
        for (String line : run(file, "-d").split("\n")) {
            Matcher m = DYNAMIC.matcher(line);
            if (m.matches() && m.group(1).equals(tag)) {
                Matcher bracketed = BRACKETED.matcher(m.group(2));
                values.add(bracketed.find() ? bracketed.group(1) : m.group(2).replaceFirst("^Flags: ", ""));
            }
        }
        return values;
    }

    /** Library to its required version names, in file order; a "WEAK" flag is marked with a trailing " (weak)". */
    static Map<String, List<String>> versionNeeds(Path file) throws IOException {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : run(file, "-V").split("\n")) {
            Matcher need = VERNEED.matcher(line);
            Matcher aux = VERNAUX.matcher(line);
            if (need.matches()) {
                current = needs.computeIfAbsent(need.group(1), k -> new ArrayList<>());
            } else if (aux.matches() && current != null) {
                current.add(aux.group(1) + (aux.group(2).contains("WEAK") ? " (weak)" : ""));
            }
        }
        return needs;
    }

    /** Version index to name for .gnu.version_d. */
    static Map<Integer, String> versionDefinitions(Path file) throws IOException {
        Map<Integer, String> definitions = new LinkedHashMap<>();
        for (String line : run(file, "-V").split("\n")) {
            Matcher m = VERDEF.matcher(line);
            if (m.matches()) {
                definitions.put(Integer.parseInt(m.group(2)), m.group(3));
            }
        }
        return definitions;
    }

    /** Library to (required version name to its .gnu.version index), from readelf -V. */
    static Map<String, Map<String, Integer>> versionNeedIndexes(Path file) throws IOException {
        Map<String, Map<String, Integer>> needs = new LinkedHashMap<>();
        Map<String, Integer> current = null;
        for (String line : run(file, "-V").split("\n")) {
            Matcher need = VERNEED.matcher(line);
            Matcher aux = VERNAUX.matcher(line);
            if (need.matches()) {
                current = needs.computeIfAbsent(need.group(1), k -> new LinkedHashMap<>());
            } else if (aux.matches() && current != null) {
                current.put(aux.group(1), Integer.parseInt(aux.group(3)));
            }
        }
        return needs;
    }

    /** The undefined versioned dynamic symbols per .gnu.version index (readelf --dyn-syms: "puts@GLIBC_2.2.5 (3)"). */
    static Map<Integer, List<String>> undefinedSymbolsByVersionIndex(Path file) throws IOException {
        Map<Integer, List<String>> symbols = new LinkedHashMap<>();
        for (String line : run(file, "--dyn-syms").split("\n")) {
            Matcher m = UNDEFINED_VERSIONED.matcher(line);
            if (m.find()) {
                symbols.computeIfAbsent(Integer.parseInt(m.group(3)), k -> new ArrayList<>()).add(m.group(1));
            }
        }
        return symbols;
    }

    /** Undefined dynamic symbols with a version, as name to version (from readelf --dyn-syms). */
    static Map<String, String> undefinedVersionedSymbols(Path file) throws IOException {
        Map<String, String> symbols = new LinkedHashMap<>();
        for (String line : run(file, "--dyn-syms").split("\n")) {
            Matcher m = UNDEFINED_VERSIONED.matcher(line);
            if (m.find()) {
                symbols.put(m.group(1), m.group(2));
            }
        }
        return symbols;
    }

    /** The GNU build-id from readelf -n. */
    static String buildId(Path file) throws IOException {
        for (String line : run(file, "-n").split("\n")) {
            int at = line.indexOf("Build ID:");
            if (at >= 0) {
                return line.substring(at + "Build ID:".length()).strip();
            }
        }
        return null;
    }
}
