package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin that needs a newer library than the target's gets this machine's copy, renamed so that
 * it wins, as an entry does: here a plugin built with g++ 12 needs GLIBCXX_3.4.30, and
 * provided.al2023's libstdc++ stops at GLIBCXX_3.4.29.
 */
class PluginLibraryReplacementTest {
    @TempDir
    Path dir;

    @Test
    void aPluginNeedingANewerLibstdcxxGetsThisMachinesRenamedCopy() throws Exception {
        Path root = dir.resolve("root");
        Path pluginDir = Files.createDirectories(root.resolve("usr/lib/acme"));
        Path source = Files.writeString(dir.resolve("plugin.cc"), String.join("\n",
                "namespace std { [[noreturn]] void __glibcxx_assert_fail(const char*, int, const char*, const char*) noexcept; }",
                "extern \"C\" int acme_plugin(int x) {",
                "    if (x < 0) std::__glibcxx_assert_fail(\"plugin.cc\", 3, \"acme_plugin\", \"x >= 0\");",
                "    return 42;",
                "}", ""));
        Path plugin = pluginDir.resolve("libacme.so");
        Toolchain.run(dir, Map.of(), "g++", "-O2", "-shared", "-fPIC", "-o", plugin.toString(), source.toString());
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-V", plugin.toString())).contains("GLIBCXX_3.4.30");
        // The build root holds this machine's C++ runtime, where the resolver finds it.
        Path libs = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        for (String lib : new String[] {"libstdc++.so.6", "libgcc_s.so.1", "libm.so.6"}) {
            Files.copy(Path.of("/usr/lib/x86_64-linux-gnu", lib).toRealPath(), libs.resolve(lib),
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path program = Toolchain.NATIVE.compile(Files.createDirectories(root.resolve("usr/bin")).resolve("acme"),
                "#include <stdio.h>\nint main(void) { puts(\"/usr/lib/acme/libacme.so\"); return 0; }\n");
        Path zip = dir.resolve("acme.zip");

        CliRun bundled = CliRun.of("bundle", program.toString(), "--build-root", root.toString(), "--target",
                "provided.al2023", "-o", zip.toString(), "--data-include", "lib/acme");

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        Matcher renamed = Pattern.compile("renamed libstdc\\+\\+\\.so\\.6 -> (libstdc\\+\\+-[0-9a-f]{8}\\.so\\.6)")
                .matcher(bundled.out());
        assertThat(renamed.find()).as(bundled.out()).isTrue();
        assertThat(bundled.out()).doesNotContain("needs GLIBCXX_3.4.30");
        Path unpacked = dir.resolve("unpacked");
        new SafeUnzip().unzip(zip, unpacked);
        assertThat(unpacked.resolve("lib/" + renamed.group(1))).isRegularFile();
        String dynamic = Toolchain.run(dir, Map.of(), "readelf", "-dW", unpacked.resolve("lib/acme/libacme.so").toString());
        assertThat(dynamic).contains("Shared library: [" + renamed.group(1) + "]")
                .contains("Library rpath: [$ORIGIN/../../lib]");
        // This machine's libstdc++ itself needs Debian 12's glibc: said, as the plugin still will not load there.
        assertThat(bundled.out()).contains("plugin libacme.so will not load on aws-lambda/provided.al2023/x86_64: ")
                .contains("libstdc++.so.6 needs GLIBC_2.36 from libc.so.6");
    }
}
