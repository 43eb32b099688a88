package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What this machine's ld.so (glibc 2.33..2.36 on x86_64) selects with, read from {@code ld.so --help}:
 * the active glibc-hwcaps subdirectories and the legacy hwcap state.
 */
record HostLoader(List<String> activeSubdirs, LdSoCache.LegacyHwcaps legacy, int isaLevels) {
    private static final List<String> LEVELS = List.of("x86-64-v2", "x86-64-v3", "x86-64-v4");

    static HostLoader probe() throws IOException {
        LdSoCacheTools.requireTool(LdSoCacheTools.HOST_LOADER);
        String help = LdSoCacheTools.run(Map.of(), LdSoCacheTools.HOST_LOADER, "--help");
        List<String> active = new ArrayList<>();
        boolean inHwcaps = false;
        boolean inLegacy = false;
        boolean avx512 = false;
        String platform = null;
        for (String line : help.split("\n")) {
            if (line.startsWith("Subdirectories of glibc-hwcaps")) {
                inHwcaps = true;
                continue;
            }
            if (line.startsWith("Legacy HWCAP subdirectories")) {
                inHwcaps = false;
                inLegacy = true;
                continue;
            }
            if (!line.startsWith("  ")) {
                inHwcaps = false;
                if (!line.isBlank()) {
                    inLegacy = false;
                }
                continue;
            }
            String item = line.trim();
            String name = item.split(" ")[0];
            if (inHwcaps && item.contains("searched")) {
                active.add(name);
            } else if (inLegacy && item.contains("AT_PLATFORM")) {
                platform = name;
            } else if (inLegacy && name.equals("avx512_1") && item.contains("searched")) {
                avx512 = true;
            }
        }
        assertThat(platform).as("AT_PLATFORM line in ld.so --help (glibc 2.33..2.36 expected):\n" + help).isNotNull();
        int isa = 1; // baseline
        for (int i = 0; i < LEVELS.size(); i++) {
            if (active.contains(LEVELS.get(i))) {
                isa |= 2 << i;
            }
        }
        return new HostLoader(List.copyOf(active), LdSoCache.LegacyHwcaps.x86_64(avx512, platform), isa);
    }
}
