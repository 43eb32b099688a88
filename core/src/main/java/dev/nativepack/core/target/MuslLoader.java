package dev.nativepack.core.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What musl's loader does on a root: its search path and, where the file says it, its version. */
final class MuslLoader {
    /** musl's built-in path when /etc/ld-musl-ARCH.path is absent (ldso/dynlink.c). */
    static final List<String> DEFAULT_PATH = List.of("/lib", "/usr/local/lib", "/usr/lib");

    private MuslLoader() {
    }

    /** /etc/ld-musl-ARCH.path (directories separated by newlines or colons) replaces the default path. */
    static List<String> systemDirs(RootPaths root, String loaderName) {
        String arch = loaderName.substring("ld-musl-".length(), loaderName.length() - ".so.1".length());
        try {
            Path file = root.host(root.canonical("/etc/ld-musl-" + arch + ".path"));
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                List<String> dirs = new ArrayList<>();
                for (String dir : Files.readString(file, StandardCharsets.ISO_8859_1).split("[:\n]")) {
                    if (!dir.isBlank()) {
                        dirs.add(dir.strip());
                    }
                }
                return dirs;
            }
        } catch (IOException e) {
            // Unreadable: musl then falls back to its default too.
        }
        return DEFAULT_PATH;
    }

    /**
     * musl stores its version as a lone string ("1.2.4", __libc_version) that the loader prints in
     * its usage text; it is taken when the file holds exactly one such string, else "unknown".
     */
    static String version(Path loader) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(loader);
        } catch (IOException e) {
            return "unknown";
        }
        TreeSet<String> found = new TreeSet<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (i - start >= 5 && i - start <= 12 && isThreePartVersion(bytes, start, i)) {
                    found.add(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
                }
                start = i + 1;
            }
        }
        return found.size() == 1 ? found.first() : "unknown";
    }

    private static boolean isThreePartVersion(byte[] b, int from, int to) {
        int dots = 0;
        boolean digitBefore = false;
        for (int i = from; i < to; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                digitBefore = true;
            } else if (b[i] == '.' && digitBefore) {
                dots++;
                digitBefore = false;
            } else {
                return false;
            }
        }
        return dots == 2 && digitBefore;
    }
}
