package dev.nativepack.core.audit;

import dev.nativepack.elf.ElfClass;
import dev.nativepack.elf.ElfMachine;

/** The ELF machine and class a target architecture name stands for. */
record TargetMachine(int machine, ElfClass elfClass, String name) {
    static TargetMachine of(String architecture) {
        switch (architecture) {
            case "x86_64":
            case "amd64":
                return new TargetMachine(ElfMachine.EM_X86_64, ElfClass.ELF64, architecture);
            case "arm64":
            case "aarch64":
                return new TargetMachine(ElfMachine.EM_AARCH64, ElfClass.ELF64, architecture);
            case "armhf":
            case "arm":
                return new TargetMachine(ElfMachine.EM_ARM, ElfClass.ELF32, architecture);
            case "i386":
            case "i686":
                return new TargetMachine(ElfMachine.EM_386, ElfClass.ELF32, architecture);
            case "ppc64le":
                return new TargetMachine(ElfMachine.EM_PPC64, ElfClass.ELF64, architecture);
            case "s390x":
                return new TargetMachine(ElfMachine.EM_S390, ElfClass.ELF64, architecture);
            case "riscv64":
                return new TargetMachine(ElfMachine.EM_RISCV, ElfClass.ELF64, architecture);
            default:
                return null;
        }
    }

    boolean matches(int elfMachine, ElfClass cls) {
        return machine == elfMachine && elfClass == cls;
    }
}
