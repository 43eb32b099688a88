package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles that do something: a WAV file written with libsndfile, an aarch64 program under qemu. */
class BundleRealWorkTest {
    @TempDir
    Path dir;

    @Test
    void aProgramWritingAWavFileWithLibsndfileWorksFromTheBundle() throws Exception {
        // libsndfile is LGPL and linked shared, as it should be; the target lacks it, so it is bundled.
        String source = "#include <sndfile.h>\n#include <math.h>\n#include <stdio.h>\n"
                + "int main(void) {\n"
                + "  SF_INFO info = {0}; info.samplerate = 8000; info.channels = 1;\n"
                + "  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;\n"
                + "  SNDFILE *out = sf_open(\"/tmp/tone.wav\", SFM_WRITE, &info);\n"
                + "  if (!out) { puts(sf_strerror(NULL)); return 2; }\n"
                + "  short s[8000]; for (int i = 0; i < 8000; i++) s[i] = (short) (8000 * sin(i * 0.2));\n"
                + "  sf_write_short(out, s, 8000); sf_close(out);\n"
                + "  SF_INFO back = {0}; SNDFILE *in = sf_open(\"/tmp/tone.wav\", SFM_READ, &back);\n"
                + "  if (!in) { puts(sf_strerror(NULL)); return 3; }\n"
                + "  printf(\"frames=%lld rate=%d wav=%d\\n\", (long long) back.frames, back.samplerate,\n"
                + "         (back.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV);\n"
                + "  sf_close(in); return 0; }\n";
        Path prog = Toolchain.NATIVE.compile(dir.resolve("build/tone"), source, "-lsndfile", "-lm");
        Path zip = dir.resolve("tone.zip");

        CliRun bundled = CliRun.of("bundle", prog.toString(), "--target", "provided.al2023", "-o", zip.toString());
        CliRun verified = CliRun.of("verify", zip.toString(), "--target", "provided.al2023");

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(verified.out()).contains("frames=8000 rate=8000 wav=1").contains("PASS bootstrap");
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(z.getEntry("lib/libsndfile.so.1")).isNotNull();
        }
    }

    @Test
    void anArm64ProgramBundledWithTheCrossToolchainRunsUnderQemuFromTheArchive() throws Exception {
        Path lib = Toolchain.AARCH64.sharedLibrary(dir.resolve("build/libgreet.so.1"), "greet", 7,
                "-Wl,-soname,libgreet.so.1");
        Path prog = Toolchain.AARCH64.compile(dir.resolve("build/app"),
                "#include <stdio.h>\n#include <omp.h>\nint greet(void);\n"
                        + "int main(void) { printf(\"greet=%d threads>0=%d\\n\", greet(), omp_get_max_threads() > 0); return 0; }\n",
                lib.toString(), "-fopenmp", "-Wl,-rpath,$ORIGIN");
        Path zip = dir.resolve("arm.zip");

        CliRun bundled = CliRun.of("bundle", prog.toString(), "--target", "aws-lambda/provided.al2023/arm64",
                "--build-root", "/usr/aarch64-linux-gnu", "-o", zip.toString());
        Path unpacked = dir.resolve("unpacked");
        new SafeUnzip().unzip(zip, unpacked);
        // qemu-user with the cross sysroot standing for the target's system libraries; the bundle's own
        // libgreet and libgomp (which provided.al2023 lacks) come from lib/ through the new RPATH.
        Toolchain.Result run = Toolchain.exec(unpacked, Map.of(), "qemu-aarch64", "-L", "/usr/aarch64-linux-gnu",
                unpacked.resolve("bootstrap").toString());

        assertThat(bundled.exitCode()).as(bundled.err()).isZero();
        assertThat(Files.exists(unpacked.resolve("lib/libgomp.so.1"))).isTrue();
        assertThat(run.output()).contains("greet=7 threads>0=1");
        assertThat(Toolchain.run(unpacked, Map.of(), "readelf", "-dW", unpacked.resolve("bootstrap").toString()))
                .contains("Library rpath: [$ORIGIN/lib]");
    }
}
