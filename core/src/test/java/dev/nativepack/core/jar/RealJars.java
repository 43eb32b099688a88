package dev.nativepack.core.jar;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * The real jars with natives the tests read (test dependencies from Maven Central, see the pom),
 * found through a class each holds, without loading it.
 */
final class RealJars {
    private RealJars() {
    }

    static Path sqlite() {
        return of("org/sqlite/JDBC.class");
    }

    static Path zstd() {
        return of("com/github/luben/zstd/Zstd.class");
    }

    static Path jna() {
        return of("com/sun/jna/Native.class");
    }

    static Path snappy() {
        return of("org/xerial/snappy/Snappy.class");
    }

    static Path runtimeClient() {
        return of("com/amazonaws/services/lambda/runtime/api/client/runtimeapi/JniHelper.class");
    }

    /** Not in {@link #all()}: two natives of one directory, the JNI library needing the other's SONAME. */
    static Path onnxruntime() {
        return of("ai/onnxruntime/OrtEnvironment.class");
    }

    static List<Path> all() {
        return List.of(sqlite(), zstd(), jna(), snappy(), runtimeClient());
    }

    private static Path of(String resource) {
        URL url = ClassLoader.getSystemResource(resource);
        if (url == null || !url.getProtocol().equals("jar")) {
            throw new AssertionError(resource + " is not in a jar on the test class path");
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        try {
            return Path.of(new URL(file).toURI());
        } catch (java.net.MalformedURLException | URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
