package dev.nativepack.elf.edit;

import dev.nativepack.testing.Toolchain;
import java.util.List;

/**
 * The architectures the editor is tested on: both ELF classes and both byte orders. Programs for
 * the foreign ones run under qemu-user with the cross sysroot as their root.
 */
enum Arch {
    X86_64(Toolchain.NATIVE, null, "/lib64/ld-linux-x86-64.so.2", true),
    AARCH64(Toolchain.AARCH64, "qemu-aarch64", "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1", true),
    /** ELF32 little-endian. */
    ARMHF(Toolchain.ARMHF, "qemu-arm", "/usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3", true),
    /** ELF32 big-endian. */
    PPC(Toolchain.PPC, "qemu-ppc", "/usr/powerpc-linux-gnu/lib/ld.so.1", true),
    /** ELF64 big-endian. */
    S390X(Toolchain.S390X, "qemu-s390x", "/usr/s390x-linux-gnu/lib/ld64.so.1", true),
    /** ELF32 i386: no i386 C library is installed, so only libraries built without one (never run). */
    I386(Toolchain.NATIVE, null, null, false);

    final Toolchain toolchain;
    private final String qemu;
    private final String loader;
    /** Whether programs can be built (a C library exists) and run. */
    final boolean runs;

    Arch(Toolchain toolchain, String qemu, String loader, boolean runs) {
        this.toolchain = toolchain;
        this.qemu = qemu;
        this.loader = loader;
        this.runs = runs;
    }

    /** The command that runs a program of this architecture (empty when native). */
    List<String> runPrefix() {
        return qemu == null ? List.of() : List.of(qemu, "-L", toolchain.sysroot().toString());
    }

    /** The dynamic loader, as a path on this machine. */
    String loader() {
        return loader;
    }

    /** Extra compiler arguments. */
    List<String> flags() {
        return this == I386 ? List.of("-m32", "-nostdlib") : List.of();
    }
}
