package dev.nativepack.core.runtimedata;

/**
 * How a bundle rewrites the configuration files of a need so that they name what the bundle
 * brings where it puts it, and keep what the library writes in a writable place.
 *
 * @param format         the files' format: {@code fontconfig} ({@code <dir>} and {@code <cachedir>} in
 *                       fonts.conf and conf.d)
 * @param cacheDirectory the absolute path a cache the files name moves to ({@code /tmp/fontconfig}:
 *                       /tmp is the only writable place on Lambda)
 */
public record ConfigurationRewrite(String format, String cacheDirectory) {
    /** The formats a bundle knows how to rewrite. */
    public static final String FONTCONFIG = "fontconfig";
}
