package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfMachine;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.VersionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the loader profile of a root file system for objects of a given architecture, from what
 * the root holds rather than from the name of a distribution: where its libc.so.6 lives decides
 * the system directories and $LIB (a multiarch directory, lib64, or lib), the libc's version
 * definitions give the glibc version, and an /etc/ld.so.cache is used when present. The CPU-
 * dependent parts (hwcaps subdirectories, $PLATFORM) come from this machine when the architecture
 * matches it, and are the baseline otherwise.
 */
public final class ProfileDetector {
    private ProfileDetector() {
    }

    public static LoaderProfile detect(Path root, ElfFile main) throws IOException {
        int machine = main.machine();
        boolean is64 = main.header().is64();
        String triplet = multiarchTriplet(machine, is64, main.header().flags());
        RootFileSystem fs = new RootFileSystem(root);
        List<String> layouts = new ArrayList<>();
        if (triplet != null) {
            layouts.add("/lib/" + triplet);
            layouts.add("/usr/lib/" + triplet);
        }
        if (is64) {
            layouts.add("/lib64");
            layouts.add("/usr/lib64");
        }
        layouts.add("/lib");
        layouts.add("/usr/lib");

        String libcDir = null;
        ElfFile libc = null;
        for (String dir : layouts) {
            libc = openLibc(fs.toHost(dir + "/libc.so.6"), machine);
            if (libc != null) {
                libcDir = dir;
                break;
            }
        }
        if (libcDir == null && triplet != null && fs.isDirectory("/usr/lib/" + triplet)) {
            libcDir = "/usr/lib/" + triplet;
        }
        LoaderProfile.Builder b = LoaderProfile.builder();
        String style;
        if (libcDir != null && triplet != null && libcDir.endsWith("/" + triplet)) {
            style = "multiarch " + triplet;
            b.systemDirs(List.of("/lib/" + triplet, "/usr/lib/" + triplet, "/lib", "/usr/lib")).dstLib("lib/" + triplet);
        } else if (is64 && (libcDir == null || libcDir.endsWith("64"))) {
            style = "lib64";
            b.systemDirs(List.of("/lib64", "/usr/lib64")).dstLib("lib64");
        } else {
            style = "lib";
            b.systemDirs(List.of("/lib", "/usr/lib")).dstLib("lib");
        }
        String glibc = libc == null ? null : glibcVersion(libc);
        b.glibcVersion(glibc);
        cpuDependent(b, machine, glibc);
        if (Files.isRegularFile(fs.toHost("/etc/ld.so.cache"))) {
            b.cacheFile("/etc/ld.so.cache");
        }
        b.interpreter(main.interpreter() != null ? main.interpreter() : defaultInterpreter(machine, is64));
        b.name(ElfMachine.name(machine) + ", " + style + (glibc == null ? "" : ", glibc " + glibc)
                + (fs.isHostRoot() ? "" : ", root " + fs.root()));
        return b.build();
    }

    private static ElfFile openLibc(Path file, int machine) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            ElfFile f = ElfFile.open(file);
            return f.machine() == machine ? f : null;
        } catch (IOException | MalformedElfException e) {
            return null;
        }
    }

    /** The highest GLIBC_x.y version libc.so.6 defines. */
    static String glibcVersion(ElfFile libc) {
        String best = null;
        for (VersionDefinition d : libc.versionDefinitions()) {
            String n = d.name();
            if (n.startsWith("GLIBC_2") && isVersionNumber(n.substring(6))) {
                String v = n.substring(6);
                if (best == null || GlibcVersion.compare(v, best) > 0) {
                    best = v;
                }
            }
        }
        return best;
    }

    /** Digits and dots only (GLIBC_PRIVATE and the like are not versions); no regex on the start-up path. */
    private static boolean isVersionNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static void cpuDependent(LoaderProfile.Builder b, int machine, String glibc) {
        boolean hwcaps = glibc == null || GlibcVersion.compare(glibc, "2.33") >= 0;
        boolean legacy = glibc == null || GlibcVersion.compare(glibc, "2.37") < 0;
        boolean hostArch = "amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch"));
        if (machine == ElfMachine.EM_X86_64) {
            HostCpu cpu = hostArch ? HostCpu.read() : null;
            int level = cpu == null ? 1 : cpu.x86Level();
            String platform = cpu == null ? "x86_64" : cpu.x86Platform();
            b.dstPlatform(platform);
            List<String> levels = new ArrayList<>();
            for (int l = level; hwcaps && l >= 2; l--) {
                levels.add("x86-64-v" + l);
            }
            b.hwcapsSubdirs(levels);
            // The platform is a component even when it is plain x86_64 (LD_DEBUG=libs shows tls/x86_64/x86_64).
            List<String> components = new ArrayList<>(List.of("tls", platform));
            if (cpu != null && cpu.hasAvx512Hwcap()) {
                components.add("avx512_1");
            }
            components.add("x86_64");
            b.legacyHwcapsSubdirs(legacy ? combinations(components) : List.of());
        } else {
            b.dstPlatform(ElfMachine.name(machine));
            b.legacyHwcapsSubdirs(legacy ? List.of("tls") : List.of());
        }
    }

    /**
     * Legacy hwcaps subdirectories: every non-empty combination of the components, keeping their
     * order, from the longest down (as _dl_important_hwcaps lists them; research/elf.md §2.6).
     */
    static List<String> combinations(List<String> components) {
        int n = components.size();
        List<String> out = new ArrayList<>();
        for (int mask = (1 << n) - 1; mask > 0; mask--) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << (n - 1 - i))) != 0) {
                    sb.append(sb.length() == 0 ? "" : "/").append(components.get(i));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    static String multiarchTriplet(int machine, boolean is64, long eFlags) {
        switch (machine) {
            case ElfMachine.EM_X86_64: return is64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
            case ElfMachine.EM_AARCH64: return "aarch64-linux-gnu";
            case ElfMachine.EM_386: return "i386-linux-gnu";
            case ElfMachine.EM_ARM: return (eFlags & 0x400) != 0 ? "arm-linux-gnueabihf" : "arm-linux-gnueabi";
            case ElfMachine.EM_PPC64: return "powerpc64le-linux-gnu";
            case ElfMachine.EM_S390: return "s390x-linux-gnu";
            case ElfMachine.EM_RISCV: return "riscv64-linux-gnu";
            default: return null;
        }
    }

    static String defaultInterpreter(int machine, boolean is64) {
        switch (machine) {
            case ElfMachine.EM_X86_64: return "/lib64/ld-linux-x86-64.so.2";
            case ElfMachine.EM_AARCH64: return "/lib/ld-linux-aarch64.so.1";
            case ElfMachine.EM_386: return "/lib/ld-linux.so.2";
            case ElfMachine.EM_ARM: return "/lib/ld-linux-armhf.so.3";
            default: return null;
        }
    }
}
