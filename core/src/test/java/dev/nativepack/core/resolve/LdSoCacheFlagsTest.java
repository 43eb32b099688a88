package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.elf.ElfMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flags per architecture (sysdeps/.../dl-cache.h, ldconfig.h) and the libcmp name equality. */
class LdSoCacheFlagsTest {
    @Test
    void flagsPerArchitecture() {
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_X86_64, true)).isEqualTo(0x0303);
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_X86_64, false)).isEqualTo(0x0803);
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_AARCH64, true)).isEqualTo(0x0a03);
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_386, false)).isEqualTo(0x0003);
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_ARM, false)).isEqualTo(0x0903);
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_ARM, false, 0x05000200)).isEqualTo(0x0b03);
        assertThat(LdSoCache.flagsFor(ElfMachine.EM_RISCV, true)).isEqualTo(0x1003);
        assertThatThrownBy(() -> LdSoCache.flagsFor(ElfMachine.EM_MIPS, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LdSoCache.describeFlags(0x0303)).isEqualTo("libc6,x86-64");
        assertThat(LdSoCache.describeFlags(0x0903)).isEqualTo("libc6,hard-float");
    }

    @Test
    void whichEntryFlagsALoaderAccepts() {
        assertThat(LdSoCacheFlags.accepts(0x0303, 0x0303)).isTrue();
        assertThat(LdSoCacheFlags.accepts(0x0303, 0x0003)).isFalse();
        assertThat(LdSoCacheFlags.accepts(0x0003, 0x0001)).isTrue(); // i386: generic rule
        assertThat(LdSoCacheFlags.accepts(0x0903, 0x0003)).isTrue(); // ARM: unmarked objects
        assertThat(LdSoCacheFlags.accepts(0x0903, 0x0b03)).isFalse();
        assertThat(LdSoCacheFlags.defaultId(0x0903)).isEqualTo(0x0003);
        assertThat(LdSoCacheFlags.defaultId(0x0a03)).isEqualTo(0x0a03);
    }

    @Test
    void libcmp_digitRunsCompareByValue() {
        assertThat(libcmp("libfoo.so.1", "libfoo.so.1")).isZero();
        assertThat(libcmp("libfoo.so.01", "libfoo.so.1")).isZero();
        assertThat(libcmp("libfoo.so.0", "libfoo.so.00.1")).isNotZero();
        assertThat(libcmp("libabsl_base.so.20220623", "libabsl_base.so.20220623")).isZero();
        // glibc keeps digit runs in an int, so 2^32 + 1 wraps to 1.
        assertThat(libcmp("libx.so.4294967297", "libx.so.1")).isZero();
        assertThat(libcmp("lib2x.so", "libx2.so")).isNotZero();
        assertThat(libcmp("libfoo.so.10", "libfoo.so.9")).isPositive();
        // A digit sorts after any non-digit, whatever its code.
        assertThat(libcmp("libfoo1", "libfooz")).isPositive();
        assertThat(libcmp("libfoo", "libfoo.so")).isNegative();
    }

    private static int libcmp(String a, String b) {
        return Libcmp.compare(a.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0,
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    }

    @Test
    void emptyCache() {
        assertThat(LdSoCache.empty().entries()).isEmpty();
        assertThat(LdSoCache.empty().hwcapsNames()).isEmpty();
        assertThat(LdSoCache.empty().generator()).isNull();
        assertThat(LdSoCache.empty().lookup("libc.so.6", 0x0303, List.of(), false)).isNull();
    }

    @Test
    void hwcapExtensionBit() {
        assertThat(LdSoCache.isHwcapExtension(1L << 62)).isTrue();
        assertThat(LdSoCache.isHwcapExtension((1L << 62) | (3L << 32) | 7)).isTrue();
        assertThat(LdSoCache.isHwcapExtension((1L << 62) | (1L << 63))).isFalse();
        assertThat(LdSoCache.isHwcapExtension(0x2)).isFalse();
    }
}
