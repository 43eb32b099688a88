package dev.nativepack.core.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every native of five real jars (sqlite-jdbc, zstd-jni, JNA, snappy-java, the Lambda runtime
 * client), identified by nativepack and by the real tools: {@code file} finds which entries are
 * natives and names format and architecture, {@code readelf -h} the machine, class, byte order,
 * float ABI and OS/ABI, {@code readelf -n} the notes' owners and {@code readelf -d} the C library
 * needed. The expectations come from those tools' output only.
 */
class NativeIdentifierOracleTest {
    @TempDir
    static Path scratch;

    /** Every entry of the jars, extracted: jar!/entry -> file. */
    private static final Map<String, Path> EXTRACTED = new LinkedHashMap<>();
    /** What {@code file -b} says of each. */
    private static final Map<String, String> FILE = new LinkedHashMap<>();

    @BeforeAll
    static void extract() throws Exception {
        int n = 0;
        List<String> paths = new ArrayList<>();
        for (Path jar : RealJars.all()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry e : Collections.list(zip.entries())) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    Path out = scratch.resolve("e" + (++n));
                    try (var in = zip.getInputStream(e)) {
                        Files.copy(in, out);
                    }
                    EXTRACTED.put(jar.getFileName() + "!/" + e.getName(), out);
                    paths.add(out.toString());
                }
            }
        }
        Path list = scratch.resolve("list.txt");
        Files.write(list, paths);
        Processes.Result r = Processes.run("file", "-b", "-N", "-f", list.toString());
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(paths.size());
        int i = 0;
        for (String key : EXTRACTED.keySet()) {
            FILE.put(key, lines.get(i++));
        }
    }

    static List<String> natives() throws Exception {
        if (EXTRACTED.isEmpty()) {
            scratch = Files.createTempDirectory("oracle");
            extract();
        }
        List<String> out = new ArrayList<>();
        FILE.forEach((key, description) -> {
            if (oracleFormat(description) != null) {
                out.add(key);
            }
        });
        return out;
    }

    @Test
    void testIdentify_findsExactlyTheEntriesFileCallsNatives() throws Exception {
        TreeSet<String> byFile = new TreeSet<>(natives());
        TreeSet<String> byUs = new TreeSet<>();
        for (Map.Entry<String, Path> e : EXTRACTED.entrySet()) {
            if (NativeIdentifier.identify(e.getKey(), Files.readAllBytes(e.getValue())) != null) {
                byUs.add(e.getKey());
            }
        }
        assertThat(byUs).isEqualTo(byFile);
        assertThat(byFile).hasSizeGreaterThan(90);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("natives")
    void testIdentify_agreesWithFileAndReadelf(String key) throws Exception {
        Path file = EXTRACTED.get(key);
        String description = FILE.get(key);
        NativeIdentity id = NativeIdentifier.identify(key.substring(key.indexOf("!/") + 2), Files.readAllBytes(file));
        assertThat(id).as(key).isNotNull();
        assertThat(id.format()).as("format of %s (%s)", key, description).isEqualTo(oracleFormat(description));
        Expected expected = id.format() == NativeFormat.ELF ? elf(key, file, description) : foreign(description);
        NativePlatform p = id.platform();
        assertThat(p.architecture()).as("architecture of %s (%s)", key, description).isEqualTo(expected.arch);
        assertThat(expected.os).as("os of %s (%s, evidence %s)", key, description, id.evidence()).contains(p.os());
        if (expected.libc != null) {
            assertThat(p.libc()).as("libc of %s (%s)", key, id.evidence()).isEqualTo(expected.libc);
        }
        if (description.contains("shared object") || description.contains("shared library")
                || description.contains("(DLL)")) {
            assertThat(id.kind()).as(key).isEqualTo(BinaryKind.SHARED_LIBRARY);
        }
    }

    /** The traps of research/java.md §1.1, one by one. */
    @Test
    void testIdentify_theKnownTraps() throws Exception {
        assertThat(identify("jna-5.17.0.jar!/com/sun/jna/freebsd-aarch64/libjnidispatch.so").platform())
                .as("System V OS/ABI, needs libc.so.7").isEqualTo(new NativePlatform("freebsd", "arm64", ""));
        assertThat(identify("sqlite-jdbc-3.54.1.0.jar!/org/sqlite/native/FreeBSD/aarch64/libsqlitejdbc.so")
                .platform().os()).isEqualTo("freebsd");
        NativeIdentity aix = identify("zstd-jni-1.5.7-21.jar!/aix/ppc64/libzstd-jni-1.5.7-21.so");
        assertThat(aix.format()).as("an XCOFF .so").isEqualTo(NativeFormat.XCOFF);
        assertThat(aix.platform().os()).isEqualTo("aix");
        assertThat(identify("sqlite-jdbc-3.54.1.0.jar!/org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so")
                .platform()).as("bare libc.so, musl by its path").isEqualTo(new NativePlatform("linux", "arm64", "musl"));
        assertThat(identify("snappy-java-1.1.10.12.jar!/org/xerial/snappy/native/Linux/android-aarch64/libsnappyjava.so")
                .platform()).as("bare libc.so, Android by its note").isEqualTo(new NativePlatform("android", "arm64", "bionic"));
        assertThat(identify("jna-5.17.0.jar!/com/sun/jna/sunos-x86-64/libjnidispatch.so").platform().os())
                .as("libc.so.1").isEqualTo("solaris");
        assertThat(identify("jna-5.17.0.jar!/com/sun/jna/openbsd-x86-64/libjnidispatch.so").platform().os())
                .as("System V, no DT_NEEDED, an OpenBSD note").isEqualTo("openbsd");
        assertThat(identify("jna-5.17.0.jar!/com/sun/jna/darwin-aarch64/libjnidispatch.jnilib").format())
                .as("a .jnilib").isEqualTo(NativeFormat.MACH_O);
        assertThat(identify("zstd-jni-1.5.7-21.jar!/linux/mips64/libzstd-jni-1.5.7-21.so").platform().architecture())
                .as("a 32-bit big-endian MIPS library in a directory named mips64").isEqualTo("mips");
        assertThat(identify("aws-lambda-java-runtime-interface-client-2.10.1.jar!/jni/libaws-lambda-jni.linux_musl-x86_64.so")
                .platform()).isEqualTo(new NativePlatform("linux", "x86_64", "musl"));
    }

    /** The same bytes, cut or given another name, are never guessed: unknown is said, with why. */
    @Test
    void testIdentify_bareLibcWithoutAHintIsUnknown() throws Exception {
        byte[] musl = Files.readAllBytes(EXTRACTED.get(
                "sqlite-jdbc-3.54.1.0.jar!/org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so"));
        NativeIdentity id = NativeIdentifier.identify("natives/aarch64/libsqlitejdbc.so", musl);
        assertThat(id.platform().os()).isEqualTo(NativePlatform.UNKNOWN);
        assertThat(id.platform().architecture()).isEqualTo("arm64");
        assertThat(String.join(" ", id.evidence())).contains("libc.so").contains("musl or Android");
    }

    private static NativeIdentity identify(String key) throws IOException {
        Path file = EXTRACTED.get(key);
        assertThat(file).as(key).isNotNull();
        return NativeIdentifier.identify(key.substring(key.indexOf("!/") + 2), Files.readAllBytes(file));
    }

    private record Expected(String arch, List<String> os, String libc) {
    }

    private static NativeFormat oracleFormat(String description) {
        if (description.startsWith("ELF ")) {
            return NativeFormat.ELF;
        }
        if (description.startsWith("Mach-O universal")) {
            return NativeFormat.MACH_O_UNIVERSAL;
        }
        if (description.startsWith("Mach-O")) {
            return NativeFormat.MACH_O;
        }
        if (description.startsWith("PE32")) {
            return NativeFormat.PE;
        }
        if (description.contains("XCOFF") || description.contains("RISC System/6000")) {
            return NativeFormat.XCOFF;
        }
        return null;
    }

    private static Expected foreign(String d) {
        if (d.startsWith("Mach-O")) {
            String arch = d.contains("x86_64") ? "x86_64" : d.contains("arm64") ? "arm64" : d.contains("i386") ? "i386" : "?";
            return new Expected(arch, List.of("macos", "darwin"), "");
        }
        if (d.startsWith("PE32")) {
            String arch = d.contains("x86-64") ? "x86_64" : d.contains("Aarch64") ? "arm64"
                    : d.contains("Intel 80386") ? "i386" : d.contains("ARM") ? "arm" : "?";
            return new Expected(arch, List.of("windows"), "");
        }
        return new Expected(d.contains("64-bit XCOFF") ? "ppc64" : "ppc", List.of("aix"), "");
    }

    /** Architecture from readelf -h; OS and C library from file, readelf -h, -n and -d. */
    private static Expected elf(String key, Path file, String d) throws Exception {
        String header = Processes.run("readelf", "-hW", file.toString()).stdout();
        String machine = field(header, "Machine:");
        boolean is64 = field(header, "Class:").equals("ELF64");
        boolean little = field(header, "Data:").contains("little");
        String flags = field(header, "Flags:");
        String arch = switch (machine) {
            case "Advanced Micro Devices X86-64" -> "x86_64";
            case "AArch64" -> "arm64";
            case "ARM" -> flags.contains("hard-float") ? "armhf" : "armel";
            case "Intel 80386" -> "i386";
            case "PowerPC64" -> little ? "ppc64le" : "ppc64";
            case "PowerPC" -> "ppc";
            case "IBM S/390" -> is64 ? "s390x" : "s390";
            case "RISC-V" -> is64 ? "riscv64" : "riscv32";
            case "MIPS R3000" -> (is64 ? "mips64" : "mips") + (little ? "el" : "");
            case "LoongArch" -> is64 ? "loongarch64" : "loongarch32";
            case "Sparc v9" -> "sparcv9";
            case "Sparc v8+", "Sparc" -> "sparc";
            default -> "unmapped: " + machine;
        };
        String osAbi = field(header, "OS/ABI:");
        String notes = Processes.run("readelf", "-nW", file.toString()).stdout();
        List<String> needed = new ArrayList<>();
        for (String line : Processes.run("readelf", "-dW", file.toString()).stdout().lines().toList()) {
            if (line.contains("(NEEDED)")) {
                needed.add(line.substring(line.indexOf('[') + 1, line.indexOf(']')));
            }
        }
        String path = key.toLowerCase(Locale.ROOT);
        String os;
        if (d.contains("FreeBSD") || osAbi.contains("FreeBSD") || notes.contains("FreeBSD") || needed.contains("libc.so.7")) {
            os = "freebsd";
        } else if (d.contains("OpenBSD") || notes.contains("OpenBSD")) {
            os = "openbsd";
        } else if (d.contains("Solaris") || osAbi.contains("Solaris") || needed.contains("libc.so.1")
                || needed.contains("libm.so.2")) {
            os = "solaris";
        } else if (needed.contains("libc.so.8")) {
            os = "dragonfly";
        } else if (notes.contains("Android") || (needed.contains("libc.so") && path.contains("android"))) {
            os = "android";
        } else if (d.contains("GNU/Linux") || osAbi.contains("GNU") || needed.contains("libc.so.6")
                || needed.stream().anyMatch(n -> n.startsWith("libc.musl-")) || (needed.contains("libc.so") && path.contains("musl"))) {
            os = "linux";
        } else {
            os = "unknown";
        }
        String libc = null;
        if (os.equals("linux")) {
            libc = needed.stream().anyMatch(n -> n.startsWith("libc.musl-")) || needed.contains("libc.so") ? "musl"
                    : needed.contains("libc.so.6") ? "glibc" : null;
        } else if (os.equals("android")) {
            libc = "bionic";
        } else if (!os.equals("unknown")) {
            libc = "";
        }
        return new Expected(arch, List.of(os), libc);
    }

    private static String field(String readelf, String name) {
        for (String line : readelf.lines().toList()) {
            String t = line.strip();
            if (t.startsWith(name)) {
                return t.substring(name.length()).strip();
            }
        }
        return "";
    }
}
