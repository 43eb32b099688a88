package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases where {@code ld.so --list} does not simply list a closure, built with gcc so that
 * each branch of {@link LoaderComparison} meets the real loader at least once (the system
 * directories of a Debian machine contain none of them).
 */
class LoaderDifferentialFailuresTest {
    private static final String MAIN = "int main(void) { return 0; }\n";

    @TempDir
    Path dir;

    @Test
    void aStaticExecutableHasNoDependencies() throws IOException {
        // glibc 2.36's ld.so --list crashes on it; a file without PT_DYNAMIC needs nothing.
        Path exe = Toolchain.NATIVE.compile(dir.resolve("static"), MAIN, "-static");
        assertCompared(exe, LoaderComparison.Outcome.NO_DEPENDENCIES);
    }

    @Test
    void missingLibrariesAreComparedWithTheLddStyleTrace() throws IOException {
        Path gone = dir.resolve("gone");
        Path a = Toolchain.NATIVE.sharedLibrary(gone.resolve("libgone1.so"), "g1", 1, "-Wl,-soname,libgone1.so");
        Path b = Toolchain.NATIVE.sharedLibrary(gone.resolve("libgone2.so"), "g2", 2, "-Wl,-soname,libgone2.so");
        Path exe = Toolchain.NATIVE.compile(dir.resolve("app"), MAIN, "-Wl,--no-as-needed", a.toString(), b.toString());
        // Removing the libraries after linking leaves two DT_NEEDED names nothing can satisfy.
        Files.delete(a);
        Files.delete(b);
        LoaderComparison.Report r = assertCompared(exe, LoaderComparison.Outcome.TRACED_MISSING);
        assertThat(r.entries()).isPositive();
    }

    @Test
    void aCandidateThatIsNotElfStopsTheLoad() throws IOException {
        Path libs = dir.resolve("libs");
        Path lib = Toolchain.NATIVE.sharedLibrary(libs.resolve("libbad.so.1"), "bad", 1, "-Wl,-soname,libbad.so.1");
        Path exe = Toolchain.NATIVE.compile(dir.resolve("app"), MAIN, "-Wl,--no-as-needed", lib.toString(),
                "-Wl,--disable-new-dtags", "-Wl,-rpath," + libs);
        // The loader stops at the first candidate with a bad header ("file too short") instead of searching on.
        Files.writeString(lib, "not ELF\n");
        assertCompared(exe, LoaderComparison.Outcome.LOADER_REFUSED);
    }

    @Test
    void anotherInterpreterIsNotJudgedByThisLoader() throws IOException {
        Path exe = Toolchain.NATIVE.compile(dir.resolve("app"), MAIN, "-Wl,--dynamic-linker=/opt/other/ld.so.1");
        assertCompared(exe, LoaderComparison.Outcome.OTHER_INTERPRETER);
    }

    private LoaderComparison.Report assertCompared(Path file, LoaderComparison.Outcome outcome) throws IOException {
        LoaderComparison.Report r = new LoaderComparison(dir).compare(file);
        assertThat(r.outcome()).as(r.toString()).isEqualTo(outcome);
        assertThat(r.mismatches()).isEmpty();
        return r;
    }
}
