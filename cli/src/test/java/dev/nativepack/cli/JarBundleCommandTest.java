package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jar bundle}: a Java function's zip from AWS's runtime client (a real jar with four JNI
 * libraries) and a small application jar, read back with unzip; and the paths that write nothing.
 */
class JarBundleCommandTest {
    @TempDir
    static Path dir;
    static Path client;
    static Path app;

    @BeforeAll
    static void jars() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client")) {
                client = Path.of(entry);
            }
        }
        assertThat(client).as("the runtime client jar on the test class path").isNotNull();
        app = jar(dir.resolve("app.jar"), Map.of("app/Handler.txt", "a stand-in for the function's classes\n"
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static Path jar(Path path, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream file = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return path;
    }

    private static List<String> entries(Path zip) throws IOException {
        String listing = Toolchain.run(dir, Map.of(), "unzip", "-Z1", zip.toString());
        return listing.lines().toList();
    }

    @Test
    void theJarsGoUnderLib_eachKeepingOnlyTheTargetsNative() throws IOException {
        Path zip = dir.resolve("function.zip");
        CliRun run = CliRun.of("jar", "bundle", app.toString(), client.toString(), "--target", "java21", "-o",
                zip.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + zip).contains("for aws-lambda/java21/x86_64: 2 jars under lib/")
                .contains(client.getFileName() + ": ").contains("of natives for other platforms removed");
        String clientEntry = "lib/" + client.getFileName();
        assertThat(entries(zip)).containsExactlyInAnyOrder("lib/", "lib/app.jar", clientEntry);

        Path unpacked = dir.resolve("unpacked");
        Toolchain.run(dir, Map.of(), "unzip", "-q", "-o", zip.toString(), "-d", unpacked.toString());
        assertThat(entries(unpacked.resolve(clientEntry)).stream().filter(e -> e.endsWith(".so")))
                .containsExactly("jni/libaws-lambda-jni.linux-x86_64.so");
        assertThat(Files.readAllBytes(unpacked.resolve("lib/app.jar"))).isEqualTo(Files.readAllBytes(app));
    }

    @Test
    void anArmTarget_keepsTheArmNative() throws IOException {
        Path zip = dir.resolve("arm.zip");
        CliRun run = CliRun.of("jar", "bundle", client.toString(), "--target", "aws-lambda/java21/arm64", "-o",
                zip.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path unpacked = dir.resolve("arm");
        Toolchain.run(dir, Map.of(), "unzip", "-q", "-o", zip.toString(), "-d", unpacked.toString());
        assertThat(entries(unpacked.resolve("lib/" + client.getFileName())).stream().filter(e -> e.endsWith(".so")))
                .containsExactly("jni/libaws-lambda-jni.linux-aarch_64.so");
    }

    /** A JNI library built here (glibc 2.36) that needs GLIBC_2.34: java17 (glibc 2.26) cannot load it. */
    @Test
    void aNativeTheTargetCannotLoad_failsTheAuditAndNothingIsWritten() throws IOException {
        Path library = Toolchain.NATIVE.compile(dir.resolve("native/libnewglibc.so"),
                "#include <pthread.h>\nstatic void *run(void *a) { return a; }\n"
                        + "int start(void) { pthread_t t; return pthread_create(&t, 0, run, 0); }\n",
                "-shared", "-fPIC");
        Path withNative = jar(dir.resolve("with-native/native.jar"),
                Map.of("native/linux-x86_64/libnewglibc.so", Files.readAllBytes(library)));
        Path zip = dir.resolve("never.zip");

        CliRun run = CliRun.of("jar", "bundle", app.toString(), withNative.toString(), "--target", "java17", "-o",
                zip.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).contains("error symbol-version: " + withNative + "!/native/linux-x86_64/libnewglibc.so")
                .contains("GLIBC_2.34").contains("nothing written");
        assertThat(zip).doesNotExist();
        assertThat(CliRun.of("jar", "bundle", app.toString(), withNative.toString(), "--target", "java21", "-o",
                zip.toString()).exitCode()).as("glibc 2.34 has it").isZero();
    }

    @Test
    void twoJarsOfOneName_areBadInput_inOneLine() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other")).resolve("app.jar");
        Files.copy(app, other, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path zip = dir.resolve("twice.zip");
        CliRun run = CliRun.of("jar", "bundle", app.toString(), other.toString(), "--target", "java21", "-o",
                zip.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("nativepack jar bundle: ").contains("same file name");
        assertThat(zip).doesNotExist();
    }

    @Test
    void aWrongSeverity_isAUsageError() {
        CliRun run = CliRun.of("jar", "bundle", app.toString(), "--target", "java21", "-o",
                dir.resolve("x.zip").toString(), "--fail-on", "sometimes");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--fail-on");
    }
}
