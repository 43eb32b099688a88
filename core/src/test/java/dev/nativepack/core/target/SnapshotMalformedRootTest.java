package dev.nativepack.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roots that are broken in the ways real trees are: a truncated libc, link cycles, files that are
 * not libraries, a FIFO where a library should be. A root without a usable libc is an error
 * naming it; anything else broken is left out, and nothing hangs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotMalformedRootTest {
    private static final Path HOST_LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final String LIB_DIR = "usr/lib/x86_64-linux-gnu";

    @TempDir
    Path dir;

    private static SnapshotOptions options() {
        return SnapshotOptions.builder("test/broken").build();
    }

    private Path rootWithLibc(String name) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve(LIB_DIR));
        Files.copy(HOST_LIBC, root.resolve(LIB_DIR).resolve("libc.so.6"));
        return root;
    }

    @Test
    void testCapture_truncatedLibcIsAnErrorNamingIt() throws IOException {
        Path root = dir.resolve("truncated");
        Files.createDirectories(root.resolve(LIB_DIR));
        byte[] libc = Files.readAllBytes(HOST_LIBC);
        Files.write(root.resolve(LIB_DIR).resolve("libc.so.6"), Arrays.copyOf(libc, 200));

        assertThatThrownBy(() -> TargetSnapshot.capture(root, options()))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith(root + ": no usable C library: /" + LIB_DIR + "/libc.so.6 cannot be used: ")
                .hasMessageContaining("file size 200")
                .hasMessageNotContaining("\n");
    }

    @Test
    void testCapture_rootWithoutLibcIsAnError() throws IOException {
        Path root = Files.createDirectories(dir.resolve("empty").resolve(LIB_DIR));

        assertThatThrownBy(() -> TargetSnapshot.capture(root.getParent().getParent().getParent(), options()))
                .isInstanceOf(SnapshotException.class)
                .hasMessageEndingWith(": no C library found (no libc.so.6 in /usr/lib/x86_64-linux-gnu, /lib64, /usr/lib64,"
                        + " /lib, /usr/lib, no /lib/ld-musl-*.so.1)")
                .hasMessageStartingWith(dir.resolve("empty") + ": ");
    }

    @Test
    void testCapture_missingRootIsAnError() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> TargetSnapshot.capture(missing, options()))
                .isInstanceOf(SnapshotException.class).hasMessage(missing + ": no such directory");
    }

    @Test
    void testCapture_linkCyclesAndNonLibrariesAreLeftOutWithoutHanging() throws Exception {
        Path root = rootWithLibc("loops");
        Path lib = root.resolve(LIB_DIR);
        Files.createSymbolicLink(lib.resolve("libself.so.1"), Path.of("libself.so.1"));
        Files.createSymbolicLink(lib.resolve("libping.so.1"), Path.of("libpong.so.1"));
        Files.createSymbolicLink(lib.resolve("libpong.so.1"), Path.of("/" + LIB_DIR + "/libping.so.1"));
        Files.createSymbolicLink(lib.resolve("libdangling.so.1"), Path.of("libnothing.so.1"));
        Files.write(lib.resolve("libshort.so.1"), Arrays.copyOf(Files.readAllBytes(HOST_LIBC), 64));
        Files.writeString(lib.resolve("libc.so"), "GROUP ( /lib/x86_64-linux-gnu/libc.so.6 )\n");
        Files.createDirectories(lib.resolve("libdir.so.1"));
        Toolchain.run(null, Map.of(), "mkfifo", lib.resolve("libfifo.so.1").toString());
        // Top-level lib links in a cycle: no alias, and /lib64 is not searched on a multiarch root.
        Files.createSymbolicLink(root.resolve("lib64"), Path.of("/lib32"));
        Files.createSymbolicLink(root.resolve("lib32"), Path.of("lib64"));

        Target target = TargetSnapshot.capture(root, options());

        assertThat(target.libraries()).extracting(TargetLibrary::path)
                .containsExactly("/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(target.loader().directoryAliases()).isEmpty();
        assertThat(target.libc().family()).isEqualTo("glibc");
    }

    @Test
    void testCapture_systemDirectoryInALinkCycleIsAnErrorNamingIt() throws Exception {
        Path root = rootWithLibc("looping-lib");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("lib"));

        assertThatThrownBy(() -> TargetSnapshot.capture(root, options()))
                .isInstanceOf(SnapshotException.class)
                .hasMessage(root + ": /lib: too many levels of symbolic links");
    }

    @Test
    void testCapture_malformedLdSoCacheIsIgnoredAsTheLoaderIgnoresIt() throws Exception {
        Path root = rootWithLibc("badcache");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/ld.so.cache"), "glibc-ld.so.cache1.1 but not really");

        Target target = TargetSnapshot.capture(root, options());

        assertThat(target.libraries()).extracting(TargetLibrary::name).containsExactly("libc.so.6");
    }
}
