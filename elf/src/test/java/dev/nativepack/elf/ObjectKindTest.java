package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kind(), libcFamily() and executableStack() against how each fixture was built. */
class ObjectKindTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @CsvSource({
        "PIE, PIE_EXECUTABLE",
        "NO_PIE, EXECUTABLE",
        "STATIC, STATIC_EXECUTABLE",
        "STATIC_PIE, STATIC_PIE_EXECUTABLE",
        "LIB_SONAME, SHARED_LIBRARY",
        "X86_64_VERSIONED_EXE, PIE_EXECUTABLE",
        "AARCH64_VERSIONED_EXE, PIE_EXECUTABLE",
        "ARMHF_VERSIONED_LIB, SHARED_LIBRARY",
        "PPC_VERSIONED_EXE, PIE_EXECUTABLE",
        "S390X_VERSIONED_LIB, SHARED_LIBRARY",
        // libc.so.6 has a PT_INTERP (it can be run) but is still a library.
        "DEBIAN_LIBC, SHARED_LIBRARY",
        "DEBIAN_GDALINFO, PIE_EXECUTABLE",
    })
    void kind_followsHowTheFileWasLinked(Fixture fixture, ObjectKind expected) throws IOException {
        assertThat(ElfFile.open(fixtures.path(fixture)).kind()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "PIE, GLIBC",
        "STATIC, GLIBC",
        "STATIC_PIE, GLIBC",
        "X86_64_VERSIONED_EXE, GLIBC",
        "PPC_VERSIONED_EXE, GLIBC",
        // Linked with -nostdlib: no DT_NEEDED at all.
        "LIB_BARE, NONE",
    })
    void libcFamily_followsTheLibcLinkedAgainst(Fixture fixture, LibcFamily expected) throws IOException {
        assertThat(ElfFile.open(fixtures.path(fixture)).libcFamily()).isEqualTo(expected);
    }

    @Test
    void executableStack_zExecstackSetsPfXOnPtGnuStack() throws IOException {
        assertThat(ElfFile.open(fixtures.path(Fixture.EXECSTACK)).executableStack()).isEqualTo(ExecutableStack.YES);
        assertThat(ElfFile.open(fixtures.path(Fixture.PIE)).executableStack()).isEqualTo(ExecutableStack.NO);
    }

    @Test
    void libcFamily_muslLoaderOrLibcMakesItMusl() throws IOException {
        // No musl toolchain on the machine: patchelf gives a glibc program musl's loader and libc names.
        Path program = dir.resolve("musl-like");
        java.nio.file.Files.copy(fixtures.path(Fixture.PIE), program);
        dev.nativepack.testing.Toolchain.run(dir, java.util.Map.of(), "patchelf", "--set-interpreter",
                "/lib/ld-musl-x86_64.so.1", "--replace-needed", "libc.so.6", "libc.so", program.toString());
        Path library = dir.resolve("libmusl-like.so");
        java.nio.file.Files.copy(fixtures.path(Fixture.LIB_SONAME), library);
        dev.nativepack.testing.Toolchain.run(dir, java.util.Map.of(), "patchelf", "--add-needed", "libc.so",
                library.toString());

        assertThat(ElfFile.open(program).interpreter()).isEqualTo("/lib/ld-musl-x86_64.so.1");
        assertThat(ElfFile.open(program).libcFamily()).isEqualTo(LibcFamily.MUSL);
        assertThat(ElfFile.open(library).dynamic().needed()).contains("libc.so");
        assertThat(ElfFile.open(library).libcFamily()).isEqualTo(LibcFamily.MUSL);
    }
}
