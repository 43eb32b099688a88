package dev.nativepack.core.jar;

/**
 * A jar that was scanned.
 *
 * @param location  as the user named it, nested ones as {@code app.jar!/BOOT-INF/lib/x.jar}
 * @param bytes     its size
 * @param entries   how many entries it has (nested jars' entries not counted)
 * @param natives   how many natives it holds directly
 * @param signed    whether it has signature files (META-INF/*.SF, .RSA, .DSA, .EC)
 */
public record ScannedJar(String location, long bytes, int entries, int natives, boolean signed) {
}
