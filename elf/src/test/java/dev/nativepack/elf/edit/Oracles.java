package dev.nativepack.elf.edit;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real tools the edited files are judged by: readelf for what the dynamic section says,
 * eu-elflint for well-formedness, and the real loader (natively or under qemu-user) for whether
 * the program still runs and where it finds its libraries.
 */
final class Oracles {
    private Oracles() {
    }

    /** What readelf -dW prints for the string-valued tags. */
    record Dynamic(List<String> needed, String soname, String rpath, String runpath) {
    }

    private static final Pattern DYNAMIC = Pattern.compile("^\\s*0x\\p{XDigit}+ \\((\\S+)\\)\\s+(.*)$");

    static Dynamic readelfDynamic(Path file) throws IOException {
        String out = readelf(file, "-d");
        List<String> needed = new ArrayList<>();
        String soname = null, rpath = null, runpath = null;
        for (String line : out.split("\n")) {
            Matcher m = DYNAMIC.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(2).trim();
            String inside = value.contains("[") ? value.substring(value.indexOf('[') + 1, value.lastIndexOf(']')) : value;
            switch (m.group(1)) {
                case "NEEDED" -> needed.add(inside);
                case "SONAME" -> soname = inside;
                case "RPATH" -> rpath = inside;
                case "RUNPATH" -> runpath = inside;
                default -> { }
            }
        }
        return new Dynamic(needed, soname, rpath, runpath);
    }

    /** readelf -W with the given options; fails if readelf warns or complains. */
    static String readelf(Path file, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("readelf", "-W"));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        String out = Toolchain.run(null, Map.of("LC_ALL", "C"), cmd.toArray(String[]::new));
        for (String line : out.split("\n")) {
            if (line.startsWith("readelf: Warning") || line.startsWith("readelf: Error")) {
                throw new AssertionError("readelf " + String.join(" ", options) + " " + file + ": " + line);
            }
        }
        return out;
    }

    /** The messages of eu-elflint --gnu-ld (and --strict), without "No errors". */
    static Set<String> elflint(Path file, boolean strict) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("eu-elflint", "--gnu-ld"));
        if (strict) {
            cmd.add("--strict");
        }
        cmd.add(file.toString());
        Toolchain.Result r = Toolchain.exec(null, Map.of("LC_ALL", "C"), cmd.toArray(String[]::new));
        Set<String> out = new LinkedHashSet<>();
        for (String line : r.output().split("\n")) {
            String l = line.replace(file.toString(), "FILE").trim();
            if (!l.isEmpty() && !l.equals("No errors")) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * eu-elflint messages of the edited file that the original did not have. A strict run that
     * sees a DT_RPATH the original lacked says "level 2 tag RPATH used": that is the tag the caller
     * asked for (gABI level 2 deprecates DT_RPATH), not a flaw of the edit, so it is dropped when
     * {@code rpathAdded}.
     */
    static Set<String> newElflintMessages(Path original, Path edited, boolean strict, boolean rpathAdded) throws IOException {
        Set<String> before = normalized(elflint(original, strict));
        Set<String> after = normalized(elflint(edited, strict));
        after.removeAll(before);
        if (rpathAdded) {
            after.removeIf(m -> m.endsWith("level 2 tag RPATH used"));
        }
        return after;
    }

    /** Entry numbers shift when a tag is added or removed; compare the messages without them. */
    private static Set<String> normalized(Set<String> messages) {
        Set<String> out = new LinkedHashSet<>();
        for (String m : messages) {
            out.add(m.replaceAll("entry \\d+", "entry N"));
        }
        return out;
    }

    /** Runs a program with the loader of its architecture and returns what it printed; it must exit 0. */
    static String run(Arch arch, Path program, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "LD_LIBRARY_PATH"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(arch.runPrefix());
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        return Toolchain.run(program.getParent(), Map.of(), cmd.toArray(String[]::new));
    }

    /** {@code ld.so --list}: each requested name with the path the loader found it at. */
    static Map<String, String> loaderList(Arch arch, Path program) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "LD_LIBRARY_PATH"));
        cmd.addAll(arch.runPrefix());
        cmd.add(arch.loader());
        cmd.add("--list");
        cmd.add(program.toString());
        String out = Toolchain.run(program.getParent(), Map.of(), cmd.toArray(String[]::new));
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int arrow = line.indexOf(" => ");
            if (arrow > 0) {
                String path = line.substring(arrow + 4).trim();
                int paren = path.lastIndexOf(" (");
                found.put(line.substring(0, arrow).trim(), paren > 0 ? path.substring(0, paren) : path);
            }
        }
        return found;
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
