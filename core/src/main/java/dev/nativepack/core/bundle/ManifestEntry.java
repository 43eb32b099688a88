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
 * @param pkg            the package (dpkg's or rpm's) that owns the source, null when none does
 * @param packageVersion that package's version, null with it
 * @param purl           that package's URL when its database gives one (rpm's), else null: the SBOM
 *                       then names a Debian package
 * @param reason         why it is there
 */
public record ManifestEntry(String path, String role, String source, String sha256, long size, String soname,
                           String rpath, String pkg, String packageVersion, String purl, String reason) {
}
