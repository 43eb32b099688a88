package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hash-table lookup lgpl-static uses, against every dynamic symbol readelf lists. */
class GnuHashLookupTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "/usr/lib/x86_64-linux-gnu/libsndfile.so.1",
        "/usr/lib/x86_64-linux-gnu/libc.so.6", // IFUNCs, and names defined in several versions
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", // tens of thousands of names
        "/usr/bin/gdalinfo", // a program: its .dynsym is nearly all imports
        "/usr/arm-linux-gnueabihf/lib/libc.so.6", // ELF32, little-endian
        "/usr/powerpc-linux-gnu/lib/libc.so.6", // ELF32, big-endian
        "/usr/s390x-linux-gnu/lib/libc.so.6" // ELF64, big-endian
    })
    void testDefinedFunctions_agreesWithReadelfOnEveryName(String file) throws Exception {
        Path path = Path.of(file).toRealPath();
        Set<String> names = new LinkedHashSet<>();
        Set<String> expected = new LinkedHashSet<>();
        for (String line : Toolchain.run(null, Map.of(), "readelf", "--dyn-syms", "-W", path.toString()).split("\n")) {
            // Num: Value Size Type Bind Vis Ndx Name[@version] [(n)]
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].endsWith(":") || f[0].equals("Num:")) {
                continue;
            }
            String name = f[7].replaceAll("@.*", "");
            names.add(name);
            if ((f[3].equals("FUNC") || f[3].equals("IFUNC")) && !f[6].equals("UND")) {
                expected.add(name);
            }
        }
        names.addAll(List.of("no_such_function", "sf_open_not", "__gmpz_init", "g_main_loop_new"));
        // The libraries define dozens of functions at least; the program defines none, imports many.
        assertThat(file.endsWith("gdalinfo") ? names.size() - expected.size() : expected.size()).isGreaterThan(30);

        List<String> defined;
        try (FileChannel channel = FileChannel.open(path)) {
            defined = GnuHashLookup.definedFunctions(channel, ElfFile.open(path), new ArrayList<>(names));
        }

        assertThat(defined).isNotNull().doesNotHaveDuplicates();
        assertThat(new LinkedHashSet<>(defined)).isEqualTo(expected);
    }
}
