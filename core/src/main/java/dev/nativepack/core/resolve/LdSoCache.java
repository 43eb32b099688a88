package dev.nativepack.core.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * A parsed /etc/ld.so.cache and the lookup ld.so performs on it ({@code search_cache} in glibc's
 * elf/dl-cache.c). The file is read once into memory and searched as ld.so searches it: a binary
 * search over the sorted names, then a walk over the few entries of that name.
 */
public final class LdSoCache {
    /** dl-cache.h DL_CACHE_HWCAP_EXTENSION: the low 32 bits of hwcap index the glibc-hwcaps names. */
    static final long HWCAP_EXTENSION = 1L << 62;
    /** dl-cache.h DL_CACHE_HWCAP_ISA_LEVEL_MASK, applied to the high 32 bits. */
    static final long ISA_LEVEL_MASK = 0x3ff;
    /** Accept any ISA level, which is what every architecture but x86 does. */
    public static final int ALL_ISA_LEVELS = -1;

    private static final LdSoCache EMPTY = new LdSoCache(CacheTable.EMPTY, List.of(), null);

    private final CacheTable table;
    private final List<String> hwcapsNames;
    private final String generator;
    private List<Entry> entries;

    private LdSoCache(CacheTable table, List<String> hwcapsNames, String generator) {
        this.table = table;
        this.hwcapsNames = Collections.unmodifiableList(hwcapsNames);
        this.generator = generator;
    }

    /** Reads and validates a cache file; malformed content raises {@link LdSoCacheFormatException}. */
    public static LdSoCache read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** Parses cache bytes; {@code origin} names the source in error messages. */
    public static LdSoCache parse(String origin, byte[] content) throws LdSoCacheFormatException {
        LdSoCacheParser.Parsed p = new LdSoCacheParser(origin, content).parse();
        return new LdSoCache(p.table(), p.hwcapsNames(), p.generator());
    }

    /** A cache without entries, for targets without /etc/ld.so.cache (ld.so then skips this step). */
    public static LdSoCache empty() {
        return EMPTY;
    }

    /** Every entry in file order, decoded on first use (a lookup decodes only the entries it needs). */
    public synchronized List<Entry> entries() {
        if (entries == null) {
            entries = Collections.unmodifiableList(table.all(hwcapsNames));
        }
        return entries;
    }

    public List<String> hwcapsNames() {
        return hwcapsNames;
    }

    public String generator() {
        return generator;
    }

    /**
     * glibc's search_cache: the path ld.so would take from the cache for this name, or null.
     * {@code legacyHwcapEntriesUsable} false is glibc 2.37 and later, which skips every entry with a
     * legacy hwcap; true accepts them all, which is what glibc 2.26 to 2.36 do when the CPU has every
     * bit the entry asks for (use {@link LegacyHwcaps} to state the CPU exactly).
     */
    public String lookup(String name, int requiredFlags, List<String> activeHwcapsSubdirs,
            boolean legacyHwcapEntriesUsable) {
        return lookup(name, requiredFlags, activeHwcapsSubdirs,
                legacyHwcapEntriesUsable ? LegacyHwcaps.ALL : LegacyHwcaps.REMOVED, ALL_ISA_LEVELS);
    }

    /**
     * The full form of search_cache (glibc 2.33 and later; for 2.26 to 2.32 pass no active
     * subdirectories, since those loaders never select glibc-hwcaps entries).
     *
     * @param isaLevels x86 only: the CPU's GNU_PROPERTY_X86_ISA_1 bits (bit 0 baseline, 1 v2, 2 v3,
     *     3 v4), checked against the ISA level ldconfig recorded for glibc-hwcaps entries;
     *     {@link #ALL_ISA_LEVELS} elsewhere
     */
    public String lookup(String name, int requiredFlags, List<String> activeHwcapsSubdirs,
            LegacyHwcaps legacy, int isaLevels) {
        List<Entry> group = table.named(name, hwcapsNames);
        int defaultId = LdSoCacheFlags.defaultId(requiredFlags);
        String best = null;
        int bestPriority = 0;
        for (Entry e : group) {
            if (!LdSoCacheFlags.accepts(requiredFlags, e.flags())) {
                continue;
            }
            boolean named = e.isGlibcHwcaps();
            if (named && !isaCompatible(e.hwcap(), isaLevels)) {
                continue;
            }
            // ldconfig sorts glibc-hwcaps entries first, so the first plain entry after a hit ends it.
            if (!named && best != null) {
                break;
            }
            // 2.26..2.36: skip unless the CPU has every legacy bit and platform; 2.37+: skip any hwcap.
            if (!named && !legacy.accepts(e.hwcap())) {
                continue;
            }
            if (named) {
                int priority = e.hwcapsSubdir() == null ? 0 : activeHwcapsSubdirs.indexOf(e.hwcapsSubdir()) + 1;
                if (priority == 0 || (best != null && priority >= bestPriority)) {
                    continue; // inactive subdirectory, or an earlier entry has a better one
                }
                bestPriority = priority;
            }
            best = e.path();
            if (!named && e.flags() == defaultId) {
                break;
            }
        }
        return best;
    }

    /** ld.so.cache flags for a loader of this machine and class, e.g. x86_64: 0x0303, aarch64: 0x0a03. */
    public static int flagsFor(int elfMachine, boolean is64) {
        return LdSoCacheFlags.flagsFor(elfMachine, is64, 0);
    }

    /** As {@link #flagsFor(int, boolean)}, reading e_flags where it matters (ARM soft-float). */
    public static int flagsFor(int elfMachine, boolean is64, int eFlags) {
        return LdSoCacheFlags.flagsFor(elfMachine, is64, eFlags);
    }

    /** The flags as {@code ldconfig -p} prints them, e.g. "libc6,x86-64". */
    public static String describeFlags(int flags) {
        return LdSoCacheFlags.describe(flags);
    }

    /** dl-cache.h dl_cache_hwcap_extension: bit 62 alone in the high word, ignoring ISA level bits. */
    static boolean isHwcapExtension(long hwcap) {
        return ((hwcap >>> 32) & ~ISA_LEVEL_MASK) == (HWCAP_EXTENSION >>> 32);
    }

    /** sysdeps/x86/dl-cache.h dl_cache_hwcap_isa_level_compatible (the generic version is always true). */
    private static boolean isaCompatible(long hwcap, int isaLevels) {
        if (isaLevels == ALL_ISA_LEVELS) {
            return true;
        }
        long level = (hwcap >>> 32) & ISA_LEVEL_MASK;
        if (level >= 31) {
            return false;
        }
        int bit = 1 << level;
        return (isaLevels & bit) == bit;
    }

    /** One cache entry; {@code hwcapsSubdir} is set only for glibc-hwcaps entries with a valid index. */
    public record Entry(String name, String path, int flags, long hwcap, String hwcapsSubdir) {
        /** True for glibc-hwcaps entries, even if their name index is out of range. */
        public boolean isGlibcHwcaps() {
            return isHwcapExtension(hwcap);
        }
    }

    /**
     * How a loader treats entries with legacy hwcap bits (ldconfig's tls/, platform and hwcap
     * subdirectories). glibc 2.26..2.36 search_cache: skip if {@code hwcap & ~((dl_hwcap & hwcap_mask)
     * | _DL_HWCAP_PLATFORM | 1<<63) != 0}, or if its platform bits are non-zero and differ from the
     * CPU's platform bit; glibc 2.37+: skip every non-zero hwcap.
     *
     * @param searched false for glibc 2.37 and later
     * @param cpuHwcap {@code GLRO(dl_hwcap) & hwcap_mask}
     * @param platformMask {@code _DL_HWCAP_PLATFORM} (0 where the architecture has no platforms)
     * @param platformBit {@code 1 << platform index}, or -1 when AT_PLATFORM is not a known platform
     */
    public record LegacyHwcaps(boolean searched, long cpuHwcap, long platformMask, long platformBit) {
        /** glibc 2.37 and later (legacy hwcaps removed). */
        public static final LegacyHwcaps REMOVED = new LegacyHwcaps(false, 0, 0, 0);
        /** A pre-2.37 loader on a CPU that has every legacy capability. */
        public static final LegacyHwcaps ALL = new LegacyHwcaps(true, -1L, 0, 0);
        static final long TLS_BIT = 1L << 63;
        /** sysdeps/x86/dl-procinfo.h: platforms i586, i686, haswell, xeon_phi from bit 48. */
        static final List<String> X86_PLATFORMS = List.of("i586", "i686", "haswell", "xeon_phi");
        static final long X86_PLATFORM_MASK = 0xfL << 48;
        /** sysdeps/x86/dl-hwcap.h HWCAP_X86_64 and HWCAP_X86_AVX512_1 (both in HWCAP_IMPORTANT). */
        static final long HWCAP_X86_64 = 1L << 1;
        static final long HWCAP_X86_AVX512_1 = 1L << 2;

        /** An x86_64 CPU as a glibc 2.26..2.36 loader sees it ({@code ld.so --help} lists both facts). */
        public static LegacyHwcaps x86_64(boolean avx512_1, String platform) {
            int index = X86_PLATFORMS.indexOf(platform);
            return new LegacyHwcaps(true, HWCAP_X86_64 | (avx512_1 ? HWCAP_X86_AVX512_1 : 0),
                    X86_PLATFORM_MASK, index < 0 ? -1L : 1L << (48 + index));
        }

        boolean accepts(long hwcap) {
            if (!searched) {
                return hwcap == 0;
            }
            if ((hwcap & ~(cpuHwcap | platformMask | TLS_BIT)) != 0) {
                return false;
            }
            long platform = hwcap & platformMask;
            return platform == 0 || platform == platformBit;
        }
    }
}
