package dev.nativepack.core.cache;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Names the build of the code that computed a cached value, so that a value computed by other
 * code (a newer nativepack, or a rebuilt one during development) is never taken for this one's:
 * the jar's size and time, or for classes in a directory the newest class file's time and count.
 */
public final class CodeIdentity {
    private CodeIdentity() {
    }

    /** An identity of the code of {@code classes}; changes whenever any of their builds changes. */
    public static String of(Class<?>... classes) {
        StringBuilder out = new StringBuilder();
        for (Class<?> c : classes) {
            out.append(locationIdentity(c)).append(';');
        }
        return out.toString();
    }

    private static String locationIdentity(Class<?> c) {
        try {
            var source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                return "unknown:" + System.nanoTime();
            }
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location)) {
                BasicFileAttributes a = Files.readAttributes(location, BasicFileAttributes.class);
                return location + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
            }
            long newest = 0;
            long count = 0;
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.toString().endsWith(".class")) {
                        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                        count++;
                    }
                }
            }
            return location + ":" + count + ":" + newest;
        } catch (IOException | URISyntaxException | SecurityException | IllegalArgumentException
                 | java.io.UncheckedIOException e) {
            // Unknown code is never the same twice: nothing cached is reused.
            return "unknown:" + System.nanoTime();
        }
    }
}
