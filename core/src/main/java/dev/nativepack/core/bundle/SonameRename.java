package dev.nativepack.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The name a bundled library gets when the target has one of the same SONAME: the name with a
 * short hash of the file's content before ".so" (as auditwheel names them), so two different
 * versions never share a name and the same file always gets the same one.
 */
final class SonameRename {
    private SonameRename() {
    }

    static String newName(String soname, Path file) throws IOException {
        String hash = sha256(file).substring(0, 8);
        int so = soname.indexOf(".so");
        return so > 0 ? soname.substring(0, so) + "-" + hash + soname.substring(so) : soname + "-" + hash;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : digest.digest()) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
