package dev.nativepack.core.runtimedata;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfSymbol;
import dev.nativepack.elf.ObjectKind;
import dev.nativepack.elf.SectionBytes;
import dev.nativepack.elf.SectionHeader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Absolute paths compiled into a file ({@code /usr/share/proj}, a plugin directory), found as
 * strings(1) would find them: NUL-terminated text in the read-only and initialised data. Only
 * paths under /usr, /etc, /opt, /lib and /lib64 are kept, and a colon-separated search path
 * counts as its elements.
 */
final class EmbeddedPaths {
    /** Bytes read per file at most, so that a huge file costs a bounded time. */
    static final long READ_LIMIT = 64L << 20;
    private static final int MAX_LENGTH = 4096;
    /** A library with less code than this is looked at more closely: it may be start-up stubs only. */
    private static final long MIN_CODE = 4096;
    private static final int STT_FUNC = 2;
    private static final byte[][] STARTS = {bytes("/usr/"), bytes("/etc/"), bytes("/opt/"), bytes("/lib/"),
        bytes("/lib64/")};
    private static final int STRIDE = 5;
    /** For each byte, a bit per offset (0 to 4) at which it stands in the first five bytes of a start. */
    private static final int[] OFFSETS = new int[256];

    static {
        for (byte[] s : STARTS) {
            for (int i = 0; i < STRIDE; i++) {
                OFFSETS[s[i] & 0xff] |= 1 << i;
            }
        }
    }

    private EmbeddedPaths() {
    }

    /** A shared library with next to no code that defines no function: nothing in it can be called. */
    private static boolean isDataLibrary(ElfFile elf, List<SectionHeader> sections) {
        if (elf.kind() != ObjectKind.SHARED_LIBRARY) {
            return false;
        }
        long code = 0;
        for (SectionHeader s : sections) {
            if ((s.flags() & SectionHeader.SHF_EXECINSTR) != 0 && s.type() == SectionHeader.SHT_PROGBITS) {
                code += s.size();
            }
        }
        if (code >= MIN_CODE) {
            return false;
        }
        for (ElfSymbol symbol : elf.dynamicSymbols()) {
            if (!symbol.isUndefined() && (symbol.type() == STT_FUNC || symbol.type() == ElfSymbol.STT_GNU_IFUNC)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The paths, normalised, each once, in the order they appear; none for a file without section
     * headers, and none for a data library (ICU's: 31 MB of tables, 185 bytes of start-up code and
     * no function to call), which opens no file, and would cost more to read than the rest together.
     */
    static List<String> in(ElfFile elf) {
        Set<String> out = new LinkedHashSet<>();
        List<SectionHeader> sections = elf.sections();
        if (isDataLibrary(elf, sections)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(elf.path())) {
            long budget = READ_LIMIT;
            for (SectionHeader s : sections) {
                if (SectionBytes.isReadOnlyData(s) || ".data".equals(s.name())) {
                    byte[] data = SectionBytes.read(channel, elf, s, budget);
                    budget -= data.length;
                    scan(data, out);
                }
            }
        } catch (IOException e) {
            // Unreadable now (removed since it was parsed): it names no paths we can see.
            return List.of();
        }
        return new ArrayList<>(out);
    }

    /**
     * Every start is at least {@value #STRIDE} bytes, so looking at every fifth byte sees one byte of
     * each occurrence; only the starts that byte can stand in (an 'u' only second, in "/usr/") are
     * tried. Most of a library's data is skipped four bytes in five.
     */
    static void scan(byte[] data, Set<String> out) {
        int done = 0;
        for (int i = STRIDE - 1; i < data.length; i += STRIDE) {
            int offsets = OFFSETS[data[i] & 0xff];
            while (offsets != 0) {
                int offset = Integer.numberOfTrailingZeros(offsets);
                offsets &= offsets - 1;
                int s = i - offset;
                if (s >= done && data[s] == '/' && startsPath(data, s) && (s == 0 || !printable(data[s - 1]))) {
                    done = take(data, s, out);
                    break;
                }
            }
        }
    }

    private static boolean startsPath(byte[] data, int at) {
        for (byte[] start : STARTS) {
            if (at + start.length <= data.length && Arrays.equals(data, at, at + start.length, start, 0, start.length)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the string at {@code at} and keeps its paths; returns where it ends. */
    private static int take(byte[] data, int at, Set<String> out) {
        int end = at;
        while (end < data.length && end - at < MAX_LENGTH && printable(data[end])) {
            end++;
        }
        // A C string ends with NUL; anything else is bytes that happen to look like text.
        if (end < data.length && data[end] != 0) {
            return end;
        }
        String text = new String(data, at, end - at, StandardCharsets.US_ASCII);
        for (String element : text.split(":")) {
            if (element.startsWith("/") && pathLike(element)) {
                String normal = Path.of(element).normalize().toString();
                if (normal.length() > 1) {
                    out.add(normal);
                }
            }
        }
        return end;
    }

    /** Characters of file names, not of formats, globs, messages or shell text. */
    private static boolean pathLike(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "/._-+@,~=".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(byte b) {
        return b >= 0x20 && b < 0x7f;
    }
}
