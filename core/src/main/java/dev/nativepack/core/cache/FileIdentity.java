package dev.nativepack.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file as build tools know their inputs: its real path, device, inode, size, modification and
 * change times. The change time cannot be set back by hand, so a file rewritten in any way has
 * another identity; a value computed from a file and kept under its identity is that file's.
 */
public final class FileIdentity {
    private FileIdentity() {
    }

    /** The identity of a file, or null when it cannot be told (no such file, no unix attributes). */
    public static String of(Path file) {
        try {
            Path real = file.toRealPath();
            Map<String, Object> unix = Files.readAttributes(real, "unix:dev,ino,size,lastModifiedTime,ctime");
            return real + " " + unix.get("dev") + " " + unix.get("ino") + " " + unix.get("size") + " "
                    + unix.get("lastModifiedTime") + " " + unix.get("ctime");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
