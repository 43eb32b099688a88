package dev.nativepack.core.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The x86-64 facts of this machine's CPU that decide the loader's hwcaps subdirectories and
 * $PLATFORM (research/elf.md §2.5, §2.6), read from /proc/cpuinfo.
 */
final class HostCpu {
    private static final List<String> V2 = List.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3");
    private static final List<String> V3 = List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave");
    private static final List<String> V4 = List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");
    private static final List<String> HASWELL = List.of("avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "popcnt");

    private final Set<String> flags;
    private final boolean intel;

    private HostCpu(Set<String> flags, boolean intel) {
        this.flags = flags;
        this.intel = intel;
    }

    static HostCpu read() {
        Set<String> flags = new HashSet<>();
        boolean intel = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("vendor_id")) {
                    intel = line.endsWith("GenuineIntel");
                } else if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    for (String flag : line.substring(colon + 1).trim().split(" ")) {
                        flags.add(flag);
                    }
                    break;
                }
            }
        } catch (IOException e) {
            // No /proc: assume the baseline level only.
        }
        return new HostCpu(flags, intel);
    }

    /** The x86-64 micro-architecture level (1 to 4) this CPU supports. */
    int x86Level() {
        if (!flags.containsAll(V2)) return 1;
        if (!flags.containsAll(V3)) return 2;
        if (!flags.containsAll(V4)) return 3;
        return 4;
    }

    /** glibc overrides AT_PLATFORM on capable Intel CPUs only (sysdeps/x86/cpu-features.c). */
    String x86Platform() {
        return intel && flags.containsAll(HASWELL) ? "haswell" : "x86_64";
    }

    /** HWCAP_X86_AVX512_1, which glibc sets on Intel CPUs only. */
    boolean hasAvx512Hwcap() {
        return intel && flags.containsAll(V4);
    }
}
