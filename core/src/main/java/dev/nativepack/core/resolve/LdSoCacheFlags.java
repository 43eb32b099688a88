package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfMachine;

/**
 * The entry flags of ld.so.cache (sysdeps/generic/ldconfig.h FLAG_*) and, per architecture, which
 * flags ld.so accepts ({@code _dl_cache_check_flags}) and which one ends the search
 * ({@code _DL_CACHE_DEFAULT_ID}), both from sysdeps/.../dl-cache.h.
 */
final class LdSoCacheFlags {
    static final int FLAG_ELF = 0x0001;
    static final int FLAG_ELF_LIBC6 = 0x0003;
    static final int FLAG_SPARC_LIB64 = 0x0100;
    static final int FLAG_X8664_LIB64 = 0x0300;
    static final int FLAG_S390_LIB64 = 0x0400;
    static final int FLAG_POWERPC_LIB64 = 0x0500;
    static final int FLAG_X8664_LIBX32 = 0x0800;
    static final int FLAG_ARM_LIBHF = 0x0900;
    static final int FLAG_AARCH64_LIB64 = 0x0a00;
    static final int FLAG_ARM_LIBSF = 0x0b00;
    static final int FLAG_RISCV_FLOAT_ABI_DOUBLE = 0x1000;
    static final int FLAG_LARCH_FLOAT_ABI_DOUBLE = 0x1200;

    /** e_flags bits that ldconfig reads to tell ARM hard-float from soft-float objects. */
    static final int EF_ARM_ABI_FLOAT_SOFT = 0x200;
    static final int EF_ARM_ABI_FLOAT_HARD = 0x400;

    private LdSoCacheFlags() {
    }

    static int flagsFor(int machine, boolean is64, int eFlags) {
        if (machine == ElfMachine.EM_X86_64) {
            return (is64 ? FLAG_X8664_LIB64 : FLAG_X8664_LIBX32) | FLAG_ELF_LIBC6;
        }
        if (machine == ElfMachine.EM_386 && !is64) {
            return FLAG_ELF_LIBC6;
        }
        if (machine == ElfMachine.EM_AARCH64 && is64) {
            return FLAG_AARCH64_LIB64 | FLAG_ELF_LIBC6;
        }
        if (machine == ElfMachine.EM_ARM && !is64) {
            // A loader built for soft-float only says so in e_flags; hard-float is today's default.
            boolean soft = (eFlags & EF_ARM_ABI_FLOAT_SOFT) != 0 && (eFlags & EF_ARM_ABI_FLOAT_HARD) == 0;
            return (soft ? FLAG_ARM_LIBSF : FLAG_ARM_LIBHF) | FLAG_ELF_LIBC6;
        }
        if (machine == ElfMachine.EM_RISCV && is64) {
            return FLAG_RISCV_FLOAT_ABI_DOUBLE | FLAG_ELF_LIBC6; // lp64d, the only common Linux ABI
        }
        if (machine == ElfMachine.EM_LOONGARCH && is64) {
            return FLAG_LARCH_FLOAT_ABI_DOUBLE | FLAG_ELF_LIBC6;
        }
        if (machine == ElfMachine.EM_PPC64 && is64) {
            return FLAG_POWERPC_LIB64 | FLAG_ELF_LIBC6;
        }
        if (machine == ElfMachine.EM_S390 && is64) {
            return FLAG_S390_LIB64 | FLAG_ELF_LIBC6;
        }
        throw new IllegalArgumentException("no ld.so.cache flags known for machine "
                + ElfMachine.name(machine) + (is64 ? " (64-bit)" : " (32-bit)"));
    }

    /** The {@code _DL_CACHE_DEFAULT_ID} that goes with a loader's flags: an exact match stops the search. */
    static int defaultId(int requiredFlags) {
        // ARM does not override the generic default, so only unmarked (pre-hf/sf) entries stop it.
        return isArm(requiredFlags) ? FLAG_ELF_LIBC6 : requiredFlags;
    }

    /** {@code _dl_cache_check_flags}: whether a loader with these flags considers the entry at all. */
    static boolean accepts(int requiredFlags, int entryFlags) {
        if (entryFlags == requiredFlags) {
            return true;
        }
        if (requiredFlags == FLAG_ELF_LIBC6) {
            return entryFlags == FLAG_ELF; // generic rule (i386 and others without an override)
        }
        return isArm(requiredFlags) && entryFlags == FLAG_ELF_LIBC6; // unmarked ARM objects fit both ABIs
    }

    private static boolean isArm(int flags) {
        return flags == (FLAG_ARM_LIBHF | FLAG_ELF_LIBC6) || flags == (FLAG_ARM_LIBSF | FLAG_ELF_LIBC6);
    }

    /** The text {@code ldconfig -p} prints for the flags (elf/cache.c print_entry). */
    static String describe(int flags) {
        String type = switch (flags & 0xff) {
            case 0x0000 -> "libc4";
            case FLAG_ELF -> "ELF";
            case 0x0002 -> "libc5";
            case FLAG_ELF_LIBC6 -> "libc6";
            default -> "unknown";
        };
        String required = switch (flags & 0xff00) {
            case 0 -> null;
            case FLAG_SPARC_LIB64 -> "64bit";
            case 0x0200 -> "IA-64";
            case FLAG_X8664_LIB64 -> "x86-64";
            case FLAG_S390_LIB64 -> "64bit";
            case FLAG_POWERPC_LIB64 -> "64bit";
            case 0x0600 -> "N32";
            case 0x0700 -> "64bit";
            case FLAG_X8664_LIBX32 -> "x32";
            case FLAG_ARM_LIBHF -> "hard-float";
            case FLAG_AARCH64_LIB64 -> "AArch64";
            case FLAG_ARM_LIBSF -> "soft-float";
            case 0x0c00 -> "nan2008";
            case 0x0d00 -> "N32,nan2008";
            case 0x0e00 -> "64bit,nan2008";
            case 0x0f00 -> "soft-float";
            case FLAG_RISCV_FLOAT_ABI_DOUBLE -> "double-float";
            case 0x1100 -> "soft-float";
            case FLAG_LARCH_FLOAT_ABI_DOUBLE -> "double-float";
            default -> Integer.toString(flags & 0xff00);
        };
        return required == null ? type : type + "," + required;
    }
}
