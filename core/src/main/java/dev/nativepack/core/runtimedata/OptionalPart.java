package dev.nativepack.core.runtimedata;

/**
 * A part of a need that a deployment may leave out: one tessdata language, one PROJ grid, one font
 * family, one coder.
 *
 * @param part  what kind of part: {@code language}, {@code grid}, {@code font family}
 * @param name  which: {@code eng}, {@code BETA2007.gsb}, {@code truetype/dejavu}
 * @param path  relative to the need's path
 * @param bytes its size, recursively
 * @param leftOut whether a bundle leaves it out unless asked for (a PROJ grid, a tessdata language
 *              other than the default {@code eng}), rather than bringing it unless told not to
 */
public record OptionalPart(String part, String name, String path, long bytes, boolean leftOut) {
}
