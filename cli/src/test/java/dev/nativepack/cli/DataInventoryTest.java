package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bundle --data} counts plugins as the bundle writes them: stripped, unless --no-strip. */
class DataInventoryTest {
    private static final Pattern BROUGHT = Pattern.compile("brought: ([0-9.]+) KiB \\(([0-9.]+) KiB zipped\\)");

    @TempDir
    Path dir;

    @Test
    void aPluginWithDebuggingInformationCountsStrippedAsTheBundleHoldsIt() throws Exception {
        Path root = dir.resolve("root");
        Path plugin = Toolchain.NATIVE.compile(Files.createDirectories(root.resolve("opt/acme/plugins"))
                .resolve("libacme-png.so"), String.join("\n",
                "#include <stdio.h>",
                "static double table[4096];",
                "int acme_plugin(int x) { for (int i = 0; i < 4096; i++) table[i] = i * 0.5 + x;",
                "    printf(\"plugin %d\\n\", x); return (int) table[x % 4096]; }", ""), "-g3", "-O0", "-shared", "-fPIC");
        // The program names its plugin directory, as the strings source finds it.
        Path program = Toolchain.NATIVE.compile(Files.createDirectories(root.resolve("usr/bin")).resolve("acme"),
                "#include <stdio.h>\nint main(void) { puts(\"/opt/acme/plugins\"); return 0; }\n");
        Path zip = dir.resolve("acme.zip");
        String[] bundle = {"bundle", program.toString(), "--build-root", root.toString(), "--target", "azure/debian12",
            "-o", zip.toString(), "--data-include", "opt/acme/plugins"};

        CliRun inventory = CliRun.of(concat(bundle, "--data"));
        CliRun unstripped = CliRun.of(concat(bundle, "--data", "--no-strip"));
        CliRun bundled = CliRun.of(bundle);

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        long written;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry("opt/acme/plugins/libacme-png.so");
            written = e.getSize();
        }
        long raw = Files.size(plugin);
        assertThat(written).as("stripped in the bundle").isLessThan(raw / 2);
        Matcher m = BROUGHT.matcher(inventory.out());
        assertThat(m.find()).as(inventory.out()).isTrue();
        // The bundle adds a DT_RPATH to lib/ to what --data counts.
        assertThat(Double.parseDouble(m.group(1)) * 1024).isCloseTo(written, Percentage.withPercentage(3));
        Matcher raw2 = BROUGHT.matcher(unstripped.out());
        assertThat(raw2.find()).as(unstripped.out()).isTrue();
        assertThat(Double.parseDouble(raw2.group(1)) * 1024).isCloseTo(raw, Percentage.withPercentage(1));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
