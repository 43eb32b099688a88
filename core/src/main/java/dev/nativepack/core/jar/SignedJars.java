package dev.nativepack.core.jar;

import java.util.Locale;

/**
 * Which entries make a jar signed, as {@code java.util.jar.JarFile} reads them: a signature file
 * {@code META-INF/NAME.SF} and its block {@code .RSA}, {@code .DSA} or {@code .EC}, directly in
 * META-INF/.
 */
final class SignedJars {
    private SignedJars() {
    }

    static boolean isSignatureFile(String name) {
        if (!name.regionMatches(true, 0, "META-INF/", 0, 9) || name.indexOf('/', 9) >= 0) {
            return false;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC");
    }
}
