package dev.nativepack.core.target;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** binutils' readelf as the oracle of the snapshot tests: what each file says, parsed from its text output. */
final class Readelf {
    private static final Pattern SONAME = Pattern.compile("\\(SONAME\\)\\s+Library soname: \\[(.*)]");
    private static final Pattern DEFINITION = Pattern.compile(
            "^\\s+0x[0-9a-f]+: Rev: \\d+\\s+Flags: (.+?)\\s+Index: \\d+\\s+Cnt: \\d+\\s+Name: (\\S+)$");
    private static final Pattern NEEDED = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[(.*)]");
    private static final Pattern INTERPRETER = Pattern.compile("\\[Requesting program interpreter: (.*)]");
    private static final int BATCH = 200;

    private Readelf() {
    }

    /** One file's facts: is it an x86-64 ELF64 shared object (not a PIE), and its SONAME (null when none). */
    record Facts(boolean x86_64SharedObject, String soname) {
    }

    /** {@code readelf -hdW} over many files; files readelf rejects (not ELF) are absent from the result. */
    static Map<Path, Facts> headersAndDynamic(List<Path> files) throws IOException {
        Map<Path, Facts> out = new LinkedHashMap<>();
        for (int from = 0; from < files.size(); from += BATCH) {
            List<Path> batch = files.subList(from, Math.min(files.size(), from + BATCH));
            List<String> command = new ArrayList<>(List.of("readelf", "-hdW"));
            // "File:" headings appear only with two or more files; /dev/null makes sure there are.
            command.add("/dev/null");
            batch.forEach(f -> command.add(f.toString()));
            String output = Toolchain.exec(null, Map.of("LC_ALL", "C"), command.toArray(String[]::new)).output();
            parse(output, out);
        }
        return out;
    }

    private static void parse(String output, Map<Path, Facts> out) {
        Path file = null;
        boolean elf64 = false;
        boolean shared = false;
        boolean x86 = false;
        String soname = null;
        for (String line : (output + "\nFile: <end>").split("\n")) {
            if (line.startsWith("File: ")) {
                if (file != null && (elf64 || shared || x86)) {
                    out.put(file, new Facts(elf64 && shared && x86, soname));
                }
                file = Path.of(line.substring(6).trim());
                elf64 = shared = x86 = false;
                soname = null;
                continue;
            }
            String t = line.trim();
            if (t.startsWith("Class:")) {
                elf64 = t.endsWith("ELF64");
            } else if (t.startsWith("Type:")) {
                shared = t.contains("DYN (Shared object file)");
            } else if (t.startsWith("Machine:")) {
                x86 = t.endsWith("X86-64");
            }
            Matcher m = SONAME.matcher(line);
            if (m.find()) {
                soname = m.group(1);
            }
        }
    }

    /** The version names a file defines ({@code readelf -VW}), without the BASE entry, in file order. */
    static List<String> definedVersions(Path file) throws IOException {
        String output = Toolchain.run(null, Map.of("LC_ALL", "C"), "readelf", "-VW", file.toString());
        List<String> names = new ArrayList<>();
        boolean inDefinitions = false;
        for (String line : output.split("\n")) {
            if (!line.startsWith(" ")) {
                inDefinitions = line.startsWith("Version definition section");
                continue;
            }
            Matcher m = DEFINITION.matcher(line);
            if (inDefinitions && m.matches() && !m.group(1).contains("BASE")) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    /** PT_INTERP of a program ({@code readelf -lW}), or null. */
    static String interpreter(Path program) throws IOException {
        Matcher m = INTERPRETER.matcher(Toolchain.run(null, Map.of("LC_ALL", "C"), "readelf", "-lW", program.toString()));
        return m.find() ? m.group(1) : null;
    }

    /** The DT_NEEDED entries of one file, in order. */
    static List<String> needed(Path file) throws IOException {
        Matcher m = NEEDED.matcher(Toolchain.run(null, Map.of("LC_ALL", "C"), "readelf", "-dW", file.toString()));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The SONAME of one file, or null. */
    static String soname(Path file) throws IOException {
        Matcher m = SONAME.matcher(Toolchain.run(null, Map.of("LC_ALL", "C"), "readelf", "-dW", file.toString()));
        return m.find() ? m.group(1) : null;
    }
}
