package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real ldconfig and loaders that the ld.so.cache tests use as oracles. */
final class LdSoCacheTools {
    static final String HOST_LOADER = "/lib64/ld-linux-x86-64.so.2";
    /** Debian's libc-bin:arm64 ldconfig (static), run under qemu-aarch64 to write aarch64 caches. */
    static final String AARCH64_LDCONFIG = System.getenv().getOrDefault("NATIVEPACK_AARCH64_LDCONFIG",
            System.getProperty("user.home") + "/.cache/nativepack/aarch64-linux-gnu/ldconfig");

    private static final Pattern LINE = Pattern.compile("^\\t(.+) \\((.*)\\) => (.*)$");

    private LdSoCacheTools() {
    }

    /** One line of {@code ldconfig -p}: name, flags text, hwcap text (or null) and path. */
    record Printed(String name, String flags, String hwcap, String path) {
    }

    static String ldconfig() {
        for (String candidate : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        Toolchain.requireTool("ldconfig");
        return "ldconfig";
    }

    static void requireAarch64Ldconfig() {
        Toolchain.requireTool("qemu-aarch64");
        if (!Files.isExecutable(Path.of(AARCH64_LDCONFIG))) {
            throw new AssertionError("missing " + AARCH64_LDCONFIG + " (the static /sbin/ldconfig of Debian's"
                    + " libc-bin:arm64: apt-get -o APT::Architectures::=arm64 download libc-bin:arm64 && dpkg-deb -x"
                    + " ...; or set NATIVEPACK_AARCH64_LDCONFIG)");
        }
    }

    /** Parses {@code ldconfig -p} output, checking its entry count line. */
    static List<Printed> parsePrint(String output) {
        List<Printed> result = new ArrayList<>();
        Integer expected = null;
        for (String line : output.split("\n")) {
            Matcher count = Pattern.compile("^(\\d+) libs found in cache").matcher(line);
            if (count.find()) {
                expected = Integer.parseInt(count.group(1));
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String flags = m.group(2);
            String hwcap = null;
            int at = flags.indexOf(", hwcap: ");
            if (at >= 0) {
                hwcap = flags.substring(at + ", hwcap: ".length());
                flags = flags.substring(0, at);
            }
            result.add(new Printed(m.group(1), flags, hwcap, m.group(3)));
        }
        assertThat(expected).as("entry count line in ldconfig -p output:\n" + output).isNotNull();
        assertThat(result).as("ldconfig -p lines").hasSize(expected);
        return result;
    }

    /** The hwcap text ldconfig -p prints for an entry (elf/cache.c print_entry). */
    static String hwcapText(LdSoCache.Entry e) {
        if (e.isGlibcHwcaps()) {
            return "\"" + e.hwcapsSubdir() + "\"";
        }
        return e.hwcap() == 0 ? null : String.format("0x%016x", e.hwcap());
    }

    /** Asserts the parsed cache matches what ldconfig prints for the same file, entry by entry. */
    static void assertSameAsPrinted(LdSoCache cache, List<Printed> printed) {
        assertThat(cache.entries()).hasSameSizeAs(printed);
        for (int i = 0; i < printed.size(); i++) {
            LdSoCache.Entry e = cache.entries().get(i);
            Printed p = printed.get(i);
            assertThat(e.name()).as("name of entry %d", i).isEqualTo(p.name());
            assertThat(e.path()).as("path of entry %d", i).isEqualTo(p.path());
            assertThat(LdSoCache.describeFlags(e.flags())).as("flags of entry %d (%s)", i, p).isEqualTo(p.flags());
            assertThat(hwcapText(e)).as("hwcap of entry %d (%s)", i, p).isEqualTo(p.hwcap());
        }
    }

    /**
     * Parses {@code LD_DEBUG=libs} output: for each library searched in the cache, the file ld.so
     * tried from it, or "" when the cache had nothing (the next line searches the system path).
     */
    static Map<String, String> cacheResults(String debugOutput) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        String library = null;
        boolean afterCache = false;
        for (String raw : debugOutput.split("\n")) {
            String line = raw.replaceFirst("^\\s*\\d+:\\s?", "");
            if (line.startsWith("find library=")) {
                library = line.substring("find library=".length(), line.indexOf(" ["));
                afterCache = false;
            } else if (line.startsWith(" search cache=")) {
                afterCache = library != null;
            } else if (afterCache && line.startsWith("  trying file=")) {
                result.putIfAbsent(library, line.substring("  trying file=".length()));
                afterCache = false;
            } else if (afterCache && line.startsWith(" search path=")) {
                result.putIfAbsent(library, "");
                afterCache = false;
            }
        }
        return result;
    }

    static void requireTool(String tool) {
        Toolchain.requireTool(tool);
    }

    static String run(Map<String, String> env, String... cmd) throws IOException {
        return Toolchain.run(null, env, cmd);
    }
}
