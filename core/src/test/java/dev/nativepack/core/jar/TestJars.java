package dev.nativepack.core.jar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Jars the tests put together from real ones: a Spring Boot fat jar, a Lambda deployment zip, signed jars. */
final class TestJars {
    private TestJars() {
    }

    /**
     * A Spring Boot layout: a manifest, application classes and resources, and the given jars
     * under BOOT-INF/lib/, STORED as Spring Boot's loader requires.
     */
    static Path springBoot(Path out, Map<String, Path> libs) throws IOException {
        return write(out, "BOOT-INF/lib/", libs, true, "Manifest-Version: 1.0\n"
                + "Main-Class: org.springframework.boot.loader.launch.JarLauncher\nStart-Class: app.Main\n");
    }

    /** A Lambda deployment zip for the Java runtimes: the jars under lib/, deflated as zip tools write them. */
    static Path lambdaZip(Path out, Map<String, Path> libs) throws IOException {
        return write(out, "lib/", libs, false, null);
    }

    private static Path write(Path out, String dir, Map<String, Path> libs, boolean stored, String manifest)
            throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            if (manifest != null) {
                put(zip, "META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8), false);
                put(zip, "BOOT-INF/classes/application.properties", "greeting=hello\n".getBytes(StandardCharsets.UTF_8), false);
            } else {
                put(zip, "app/Handler.class", new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61}, false);
            }
            for (Map.Entry<String, Path> lib : libs.entrySet()) {
                put(zip, dir + lib.getKey(), Files.readAllBytes(lib.getValue()), stored);
            }
        }
        return out;
    }

    static void put(ZipArchiveOutputStream zip, String name, byte[] data, boolean stored) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        if (stored) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        }
        zip.putArchiveEntry(e);
        zip.write(data);
        zip.closeArchiveEntry();
    }

    /** A copy of {@code jar} signed with a fresh self-signed key, by the JDK's jarsigner. */
    static Path signed(Path jar, Path scratch) throws Exception {
        Path copy = scratch.resolve("signed-" + jar.getFileName());
        Files.copy(jar, copy);
        Path keystore = scratch.resolve("keys-" + jar.getFileName() + ".p12");
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        Processes.Result key = Processes.run(bin + "/keytool", "-genkeypair", "-keystore", keystore.toString(),
                "-storepass", "secret123", "-keypass", "secret123", "-alias", "test", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=nativepack test", "-validity", "2", "-storetype", "PKCS12");
        if (key.exitCode() != 0) {
            throw new AssertionError(key.both());
        }
        Processes.Result sign = Processes.run(bin + "/jarsigner", "-keystore", keystore.toString(), "-storepass",
                "secret123", copy.toString(), "test");
        if (sign.exitCode() != 0) {
            throw new AssertionError(sign.both());
        }
        return copy;
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
