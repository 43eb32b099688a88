package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle and verify from the command line, on gdalinfo and on compiled programs. */
class BundleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void gdalinfoBundledForDebian12RunsVersionAndFormatsInTheSandbox() throws Exception {
        Path zip = dir.resolve("gdal.zip");

        CliRun bundled = CliRun.of("bundle", "/usr/bin/gdalinfo", "--target", "azure/debian12", "--layout", "helper",
                "-o", zip.toString());
        CliRun version = CliRun.of("verify", zip.toString(), "--target", "azure/debian12", "--", "--version");
        CliRun formats = CliRun.of("verify", zip.toString(), "--target", "azure/debian12", "--", "--formats");

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(version.exitCode()).as(version.out()).isZero();
        assertThat(version.out()).contains("GDAL 3.6").contains("PASS bin/gdalinfo --version");
        assertThat(formats.out()).contains("GTiff -raster- ").contains("PASS bin/gdalinfo --formats");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            JsonNode manifest = JSON.readTree(z.getInputStream(z.getEntry("nativepack.json")));
            assertThat(manifest.path("target").asText()).isEqualTo("azure/debian12/x86_64");
            JsonNode gdal = null;
            for (JsonNode f : manifest.path("files")) {
                if (f.path("path").asText().equals("lib/libgdal.so.32")) {
                    gdal = f;
                }
            }
            assertThat(gdal).isNotNull();
            assertThat(gdal.path("package").asText()).isEqualTo("libgdal32");
            byte[] bytes = z.getInputStream(z.getEntry("lib/libgdal.so.32")).readAllBytes();
            assertThat(gdal.path("sha256").asText()).isEqualTo(
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(z.getEntry("lib/libc.so.6")).isNull();

            byte[] sbom = z.getInputStream(z.getEntry("sbom.cdx.json")).readAllBytes();
            assertThat(new org.cyclonedx.parsers.JsonParser().validate(sbom, org.cyclonedx.Version.VERSION_15)).isEmpty();
            JsonNode bom = JSON.readTree(sbom);
            assertThat(bom.path("metadata").has("timestamp")).isFalse();
            JsonNode gdalComponent = null;
            for (JsonNode c : bom.path("components")) {
                if (c.path("bom-ref").asText().equals("lib/libgdal.so.32")) {
                    gdalComponent = c;
                }
            }
            assertThat(gdalComponent).isNotNull();
            assertThat(gdalComponent.path("purl").asText()).startsWith("pkg:deb/debian/libgdal32@")
                    .endsWith("?arch=amd64");
            assertThat(gdalComponent.path("hashes").get(0).path("content").asText()).isEqualTo(gdal.path("sha256").asText());
            assertThat(bom.path("components").size()).isEqualTo(manifest.path("files").size());
        }
    }

    @Test
    void aBundleMissingALibraryFailsVerificationWithTheLoadersMessage() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libgreet.so.1"), "greet", 3,
                "-Wl,-soname,libgreet.so.1");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("build/app"), "int greet(void); int main(void) { return greet() - 3; }\n",
                lib.toString(), "-Wl,-rpath,$ORIGIN");
        Path zip = dir.resolve("app.zip");
        assertThat(CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", zip.toString()).exitCode())
                .isZero();
        // The same program as a hand-made zip without its library.
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Files.copy(prog, bare.resolve("bootstrap"));

        CliRun good = CliRun.of("verify", zip.toString(), "--target", "provided.al2023");
        CliRun bad = CliRun.of("verify", bare.toString(), "--target", "provided.al2023");

        assertThat(good.exitCode()).as(good.out()).isZero();
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(bad.out()).contains("FAIL bootstrap on aws-lambda/provided.al2023/x86_64: error while loading "
                + "shared libraries: libgreet.so.1: cannot open shared object file");
    }

    @Test
    void whatCannotWorkIsRefusedWithTheFindingUnlessAllowed() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("rng"),
                "#include <stdlib.h>\nint main(void) { return (int) (arc4random() % 2); }\n");

        CliRun refused = CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o",
                dir.resolve("no.zip").toString());
        CliRun allowed = CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o",
                dir.resolve("yes.zip").toString(), "--allow", "symbol-version");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(refused.err()).contains("symbol-version").contains("GLIBC_2.36").contains("zig cc");
        assertThat(dir.resolve("no.zip")).doesNotExist();
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(dir.resolve("yes.zip")).isRegularFile();
    }

    @Test
    void twoBundlesOfTheSameInputsAreTheSameBytes() throws Exception {
        Path first = dir.resolve("a.zip");
        Path second = dir.resolve("b.zip");
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libgreet.so.1"), "greet", 3,
                "-Wl,-soname,libgreet.so.1");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("build/app"), "int greet(void); int main(void) { return greet(); }\n",
                lib.toString(), "-Wl,-rpath,$ORIGIN", "-g");
        Path other = Toolchain.NATIVE.compile(dir.resolve("build/other"), "int main(void) { return 0; }\n");
        Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));

        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            CliRun.of("bundle", prog.toString(), other.toString(), "--target", "provided.al2023", "-o", first.toString(),
                    "--no-cache");
            Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
            Files.setLastModifiedTime(prog, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/Adak"));
            CliRun.of("bundle", prog.toString(), other.toString(), "--target", "provided.al2023", "-o", second.toString(),
                    "--no-cache");
            // In the helper layout the entries' order does not matter either.
            CliRun.of("bundle", prog.toString(), other.toString(), "--target", "provided.al2023", "--layout", "helper",
                    "-o", dir.resolve("h1.zip").toString(), "--no-cache");
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kathmandu"));
            CliRun.of("bundle", other.toString(), prog.toString(), "--target", "provided.al2023", "--layout", "helper",
                    "-o", dir.resolve("h2.zip").toString(), "--no-cache");
        } finally {
            java.util.TimeZone.setDefault(zone);
        }

        assertThat(sha256(first)).isEqualTo(sha256(second));
        assertThat(sha256(dir.resolve("h1.zip"))).isEqualTo(sha256(dir.resolve("h2.zip")));
        // And what was bundled still runs: stripped, its RPATH rewritten.
        assertThat(CliRun.of("verify", first.toString(), "--target", "provided.al2023", "--expect-exit", "3").exitCode())
                .isZero();
    }

    @Test
    void aSecondBundleFromTheCacheHasTheSameBytesAndAChangedLibraryIsPreparedAgain() throws Exception {
        Path cache = dir.resolve("cache");
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libgreet.so.1"), "greet", 3,
                "-Wl,-soname,libgreet.so.1");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("build/app"), "int greet(void); int main(void) { return greet(); }\n",
                lib.toString(), "-Wl,-rpath,$ORIGIN", "-g");
        Path uncached = dir.resolve("uncached.zip");
        Path cold = dir.resolve("cold.zip");
        Path warm = dir.resolve("warm.zip");

        CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", uncached.toString(), "--no-cache");
        CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", cold.toString(), "--cache-dir", cache.toString());
        CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", warm.toString(), "--cache-dir", cache.toString());

        assertThat(sha256(cold)).isEqualTo(sha256(uncached));
        assertThat(sha256(warm)).isEqualTo(sha256(uncached));
        assertThat(cache.resolve("prepared")).isDirectory();
        assertThat(cache.resolve("deflate")).isDirectory();

        // Every cached value damaged: each reads as absent, and the bundle is the same.
        try (var files = Files.walk(cache)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length - 1] ^= 0x55;
                Files.write(f, b);
            }
        }
        Path damaged = dir.resolve("damaged.zip");
        CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", damaged.toString(), "--cache-dir", cache.toString());
        assertThat(sha256(damaged)).isEqualTo(sha256(uncached));

        // The library rebuilt to return 7: the bundle must carry the new one, not the cached one.
        Toolchain.NATIVE.sharedLibrary(lib, "greet", 7, "-Wl,-soname,libgreet.so.1");
        Path rebuilt = dir.resolve("rebuilt.zip");
        CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", rebuilt.toString(), "--cache-dir", cache.toString());
        assertThat(CliRun.of("verify", rebuilt.toString(), "--target", "provided.al2023", "--expect-exit", "7").exitCode())
                .isZero();
    }

    @Test
    void aLayerHasBinAndLibNoLinksAndTheIncludedFiles() throws Exception {
        Path lib = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libgreet.so.1.2.3"), "greet", 5,
                "-Wl,-soname,libgreet.so.1");
        // A development-style link next to the real file: the bundle follows it and keeps one copy.
        Files.createSymbolicLink(dir.resolve("build/libgreet.so.1"), Path.of("libgreet.so.1.2.3"));
        Path prog = Toolchain.NATIVE.compile(dir.resolve("build/tool"), "int greet(void); int main(void) { return greet(); }\n",
                dir.resolve("build/libgreet.so.1").toString(), "-Wl,-rpath,$ORIGIN");
        Path data = Files.writeString(dir.resolve("settings.conf"), "level = 3\n");
        Path zip = dir.resolve("layer.zip");

        CliRun run = CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "--layout", "layer",
                "--include", data + ":share/tool/settings.conf", "-o", zip.toString(), "--verify");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // No bootstrap in a layer: --verify has the target's loader load each ELF file instead of running one.
        assertThat(run.out()).contains("PASS all 2 ELF files load on aws-lambda/provided.al2023/x86_64");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(e -> e.getName()).toList()).containsExactly("bin/", "bin/tool", "lib/",
                    "lib/libgreet.so.1", "nativepack.json", "sbom.cdx.json", "share/", "share/tool/", "share/tool/settings.conf");
        }
        Path unpacked = dir.resolve("opt");
        new dev.nativepack.core.archive.SafeUnzip().unzip(zip, unpacked);
        assertThat(Files.isSymbolicLink(unpacked.resolve("lib/libgreet.so.1"))).isFalse();
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", unpacked.resolve("bin/tool").toString()))
                .contains("Library rpath: [$ORIGIN/../lib]");
        // Run from where the layer is unpacked: the library is found through the new RPATH alone.
        assertThat(Toolchain.exec(unpacked, Map.of(), unpacked.resolve("bin/tool").toString()).exitCode()).isEqualTo(5);
        assertThat(Files.readString(unpacked.resolve("share/tool/settings.conf"))).isEqualTo("level = 3\n");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
