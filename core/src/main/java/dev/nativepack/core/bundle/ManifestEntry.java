package dev.nativepack.core.bundle;

/**
 * One file as the manifest records it.
 *
 * @param path           inside the bundle
 * @param role           entry, library or included
 * @param source         where it came from on the build machine
 * @param sha256         of the bytes in the bundle (after strip and RPATH edits)
 * @param size           bytes in the bundle
 * @param soname         as bundled, null for non-libraries
 * @param rpath          DT_RPATH set on it, null when untouched
 * @param pkg            the Debian package that owns the source, null when none does
 * @param packageVersion that package's version, null with it
 * @param reason         why it is there
 */
public record ManifestEntry(String path, String role, String source, String sha256, long size, String soname,
                           String rpath, String pkg, String packageVersion, String reason) {
}
