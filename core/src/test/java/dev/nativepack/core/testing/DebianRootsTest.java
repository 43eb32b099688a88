package dev.nativepack.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cached bullseye root is complete and runs its own programs under chroot. */
class DebianRootsTest {
    @Test
    void testBullseye_isDebian11AndRunsUnderChroot() throws IOException {
        Path root = DebianRoots.bullseye();

        assertThat(Files.readString(root.resolve("etc/debian_version")).strip()).startsWith("11.");
        assertThat(Toolchain.exec(null, Map.of(), "/usr/sbin/chroot", root.toString(), "/bin/true").exitCode())
                .isZero();
        assertThat(root.getFileName().toString()).doesNotContain(".partial-");
        assertThat(DebianRoots.bullseye()).isEqualTo(root);
    }
}
