package dev.nativepack.core.target;

import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.ElfMachine;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Architecture names as serverless platforms and distributions write them (x86_64, arm64, armhf),
 * rather than the ELF machine names (aarch64, arm), since targets are named after platforms.
 */
public final class ArchitectureNames {
    /** EF_ARM_ABI_FLOAT_HARD: the hard-float calling convention (armhf rather than armel). */
    private static final long EF_ARM_ABI_FLOAT_HARD = 0x400;

    private ArchitectureNames() {
    }

    /** The platform name of objects with this header. */
    public static String of(ElfHeader h) {
        boolean little = h.byteOrder() == ByteOrder.LITTLE_ENDIAN;
        switch (h.machine()) {
            case ElfMachine.EM_X86_64: return h.is64() ? "x86_64" : "x32";
            case ElfMachine.EM_AARCH64: return "arm64";
            case ElfMachine.EM_ARM: return (h.flags() & EF_ARM_ABI_FLOAT_HARD) != 0 ? "armhf" : "armel";
            case ElfMachine.EM_386: return "i386";
            case ElfMachine.EM_PPC64: return little ? "ppc64le" : "ppc64";
            case ElfMachine.EM_PPC: return little ? "ppcle" : "ppc";
            case ElfMachine.EM_S390: return h.is64() ? "s390x" : "s390";
            case ElfMachine.EM_RISCV: return h.is64() ? "riscv64" : "riscv32";
            // zstd-jni's linux/mips64 library is a 32-bit big-endian one: the class and byte order tell.
            case ElfMachine.EM_MIPS: return (h.is64() ? "mips64" : "mips") + (little ? "el" : "");
            case ElfMachine.EM_LOONGARCH: return h.is64() ? "loongarch64" : "loongarch32";
            case ElfMachine.EM_SPARC: case ElfMachine.EM_SPARC32PLUS: return "sparc";
            case ElfMachine.EM_SPARCV9: return "sparcv9";
            default: return ElfMachine.name(h.machine());
        }
    }

    /** Folds the common aliases (amd64, aarch64, ppc64el) into the names {@link #of} uses. */
    public static String canonical(String architecture) {
        String a = architecture.toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64": return "x86_64";
            case "aarch64": return "arm64";
            case "ppc64el": return "ppc64le";
            case "i686": case "x86": return "i386";
            default: return a;
        }
    }
}
