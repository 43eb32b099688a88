package dev.nativepack.elf.strip;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The oracles: binutils readelf, strip and objcopy, elfutils eu-elflint, python3's zlib. */
final class Tools {
    private static final Map<String, String> C_LOCALE = Map.of("LC_ALL", "C");

    private Tools() {
    }

    /** One line of readelf -SW. */
    record Section(int index, String name, String type, long offset, long size, String flags) {
        boolean alloc() {
            return flags.contains("A");
        }
    }

    static String readelf(Path file, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("readelf", "-W"));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        return Toolchain.run(null, C_LOCALE, cmd.toArray(String[]::new));
    }

    static List<Section> sections(Path file) throws IOException {
        List<Section> out = new ArrayList<>();
        for (String line : readelf(file, "-S").split("\n")) {
            String t = line.trim();
            if (!t.startsWith("[") || t.startsWith("[Nr]")) {
                continue;
            }
            int close = t.indexOf(']');
            int index = Integer.parseInt(t.substring(1, close).trim());
            String[] f = t.substring(close + 1).trim().split("\\s+");
            // A nameless entry (index 0, or an emptied slot) starts with its type.
            int base = f[0].equals("NULL") && f.length <= 9 ? -1 : 0;
            String name = base < 0 ? "" : f[0];
            String type = f[base + 1];
            long offset = Long.parseLong(f[base + 3], 16);
            long size = Long.parseLong(f[base + 4], 16);
            boolean hasFlags = f.length - (base + 1) == 9;
            out.add(new Section(index, name, type, offset, size, hasFlags ? f[base + 6] : ""));
        }
        return out;
    }

    static TreeSet<String> sectionNames(Path file) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Section s : sections(file)) {
            names.add(s.name());
        }
        return names;
    }

    /** The bytes of a section as readelf -x dumps them. */
    static byte[] sectionBytes(Path file, String section) throws IOException {
        StringBuilder hex = new StringBuilder();
        for (String line : readelf(file, "-x", section).split("\n")) {
            String t = line.trim();
            if (!t.startsWith("0x")) {
                continue;
            }
            // "0x%08x " then four 8-digit groups, each followed by a space, then the ASCII column.
            hex.append(t.substring(11, Math.min(t.length(), 46)).replace(" ", ""));
        }
        return HexFormat.of().parseHex(hex.toString());
    }

    /** eu-elflint --gnu-ld's complaints, one per line (empty when it finds none). */
    static TreeSet<String> elflint(Path file, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("eu-elflint", "--gnu-ld"));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        Toolchain.Result r = Toolchain.exec(null, C_LOCALE, cmd.toArray(String[]::new));
        TreeSet<String> lines = new TreeSet<>();
        for (String line : r.output().split("\n")) {
            if (!line.isBlank() && !line.equals("No errors")) {
                lines.add(line.replace(file.toString(), "FILE"));
            }
        }
        if (r.exitCode() != 0 && lines.isEmpty()) {
            throw new AssertionError("eu-elflint exited " + r.exitCode() + " without a message on " + file);
        }
        return lines;
    }

    /** Lint complaints with section numbers left out, for files whose non-loaded sections were renumbered. */
    static TreeSet<String> withoutSectionNumbers(TreeSet<String> complaints) {
        TreeSet<String> out = new TreeSet<>();
        for (String c : complaints) {
            out.add(c.replaceAll("section \\[\\s*\\d+\\]", "section [#]"));
        }
        return out;
    }

    static void strip(StripFixtures.Arch arch, Path in, Path out) throws IOException {
        Toolchain.run(null, C_LOCALE, arch.binutils + "strip", "--strip-all", "-o", out.toString(), in.toString());
    }

    static void objcopy(StripFixtures.Arch arch, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(arch.binutils + "objcopy"));
        cmd.addAll(List.of(args));
        Toolchain.run(null, C_LOCALE, cmd.toArray(String[]::new));
    }

    /** CRC-32 computed by python3's zlib, independently of java.util.zip. */
    static long zlibCrc32(Path file) throws IOException {
        String out = Toolchain.run(null, C_LOCALE, "python3", "-c",
                "import sys, zlib; print(zlib.crc32(open(sys.argv[1], 'rb').read()) & 0xffffffff)", file.toString());
        return Long.parseLong(out.trim());
    }
}
