package dev.nativepack.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionNeed;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolVersionTest {
    @Test
    void testCompare_numbersNotStrings() {
        assertThat(version("GLIBC_2.9")).isLessThan(version("GLIBC_2.14"));
        assertThat(version("GLIBC_2.2.5")).isLessThan(version("GLIBC_2.3"));
        assertThat(version("GLIBCXX_3.4.9")).isLessThan(version("GLIBCXX_3.4.29"));
        assertThat(version("GLIBC_2.3")).isLessThan(version("GLIBC_2.3.2"));
    }

    @Test
    void testParse_namesWithoutNumbersAreNotVersions() {
        assertThat(SymbolVersion.parse("GLIBC_PRIVATE")).isEmpty();
        assertThat(SymbolVersion.parse("CXXABI_FLOAT128")).isEmpty();
        assertThat(SymbolVersion.parse("GLIBC_2.")).isEmpty();
        assertThat(SymbolVersion.parse("libc.so.6")).isEmpty();
        assertThat(SymbolVersion.parse("CXXABI_1.3.13").orElseThrow().family()).isEqualTo("CXXABI");
    }

    @Test
    void testHighest_perFamilyAcrossLibraries() {
        List<VersionNeed> needs = List.of(
                need("libc.so.6", "GLIBC_2.14", "GLIBC_2.9", "GLIBC_PRIVATE"),
                need("libm.so.6", "GLIBC_2.29"),
                need("libstdc++.so.6", "GLIBCXX_3.4.9", "GLIBCXX_3.4.21", "CXXABI_1.3.9", "CXXABI_1.3"),
                need("libgcc_s.so.1", "GCC_3.0", "GCC_4.2.0"));

        assertThat(HighestVersions.of(needs)).containsExactly(
                java.util.Map.entry("GLIBC", "GLIBC_2.29"), java.util.Map.entry("GLIBCXX", "GLIBCXX_3.4.21"),
                java.util.Map.entry("CXXABI", "CXXABI_1.3.9"), java.util.Map.entry("GCC", "GCC_4.2.0"));
    }

    @Test
    void testHighest_noVersionsGiveNothing() {
        assertThat(HighestVersions.of(List.of(need("libfoo.so.1", "FOO_1.0")))).isEmpty();
    }

    private static SymbolVersion version(String name) {
        return SymbolVersion.parse(name).orElseThrow();
    }

    private static VersionNeed need(String library, String... versions) {
        return new VersionNeed(library, java.util.Arrays.stream(versions)
                .map(v -> new RequiredVersion(v, 0, 0, 2, List.of())).toList());
    }
}
