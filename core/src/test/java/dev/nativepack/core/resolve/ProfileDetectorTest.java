package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader profile comes from what a root holds: where its libc lives decides the system
 * directories and $LIB, so a multiarch root and a lib64 root resolve the same program differently.
 */
class ProfileDetectorTest {
    private static final Path HOST_LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @TempDir
    Path dir;

    private Path root(String name, String libDir) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve(libDir.substring(1)));
        Files.copy(HOST_LIBC, root.resolve(libDir.substring(1)).resolve("libc.so.6"));
        return root;
    }

    @Test
    void lib64Root_searchesLib64AndExpandsLibToLib64() throws IOException {
        Path root = root("lib64root", "/usr/lib64");
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("lib64root/usr/lib64/libw.so.1", "libw.so.1", "w", 64, List.of());
        f.library("lib64root/usr/lib/x86_64-linux-gnu/libw.so.1", "libw.so.1", "w", 1, List.of());
        Path m = f.program("m", List.of("w"), "-L" + root.resolve("usr/lib64"), "-l:libw.so.1");

        LoaderProfile profile = ProfileDetector.detect(root, ElfFile.open(m));
        Closure closure = new Resolver(profile, root).resolve(m);

        assertThat(profile.systemDirs()).containsExactly("/lib64", "/usr/lib64");
        assertThat(profile.dstLib()).isEqualTo("lib64");
        assertThat(profile.glibcVersion()).isEqualTo(ProfileDetector.glibcVersion(ElfFile.open(HOST_LIBC)));
        assertThat(closure.missing()).isEmpty();
        assertThat(closure.objects()).extracting(LoadedObject::path).contains("/usr/lib64/libw.so.1", "/usr/lib64/libc.so.6");
    }

    @Test
    void multiarchRoot_searchesTheTripletDirectoriesFirst() throws IOException {
        Path root = root("debianroot", "/usr/lib/x86_64-linux-gnu");
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        f.library("debianroot/usr/lib64/libw.so.1", "libw.so.1", "w", 64, List.of());
        f.library("debianroot/usr/lib/x86_64-linux-gnu/libw.so.1", "libw.so.1", "w", 1, List.of());
        Path m = f.program("m", List.of("w"), "-L" + root.resolve("usr/lib64"), "-l:libw.so.1");

        LoaderProfile profile = ProfileDetector.detect(root, ElfFile.open(m));
        Closure closure = new Resolver(profile, root).resolve(m);

        assertThat(profile.systemDirs()).containsExactly("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib",
                "/usr/lib");
        assertThat(profile.dstLib()).isEqualTo("lib/x86_64-linux-gnu");
        assertThat(closure.objects().get(1).path()).isEqualTo("/usr/lib/x86_64-linux-gnu/libw.so.1");
    }

    @Test
    void glibcVersion_isTheHighestGlibcVersionLibcDefines() throws IOException {
        String printed = Toolchain.run(dir, java.util.Map.of(), "ldd", "--version").lines().findFirst().orElseThrow();
        // "ldd (Debian GLIBC 2.36-9+deb12u14) 2.36": the last word is the upstream version.
        String version = printed.substring(printed.lastIndexOf(' ') + 1);

        assertThat(ProfileDetector.glibcVersion(ElfFile.open(HOST_LIBC))).isEqualTo(version);
    }
}
