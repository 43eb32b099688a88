package dev.nativepack.core.packages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A package manager's record of a root file system: which package owns a file, what a package
 * installed, what it depends on and which source it was built from. dpkg's is read as files; rpm's
 * is asked of the rpm program. A database that does not exist answers nothing.
 */
public interface PackageDatabase {
    /**
     * A package and its installed version.
     *
     * @param list the database's name for it, which the other methods take: for dpkg the package,
     *             with {@code :arch} for a multi-arch one ({@code libproj25:amd64}); for rpm its
     *             name-version-release.arch
     * @param purl its package URL when the database says all of it, else null (dpkg's: the SBOM
     *             names it as a Debian package of the target's architecture)
     */
    record Owner(String pkg, String version, String list, String purl) {
        public Owner(String pkg, String version, String list) {
            this(pkg, version, list, null);
        }
    }

    /**
     * The database of a root file system: dpkg's when the root has one, else rpm's when the root has
     * one and this machine can run rpm, else dpkg's absent one. Only a root without dpkg is looked at
     * for rpm, so a Debian root costs one more stat and no process.
     */
    static PackageDatabase of(Path root) {
        DpkgDatabase dpkg = DpkgDatabase.of(root);
        if (dpkg.exists()) {
            return dpkg;
        }
        RpmDatabase rpm = RpmDatabase.of(root);
        return rpm.exists() ? rpm : dpkg;
    }

    /** The package manager's name, as evidence names it: {@code dpkg}, {@code rpm}. */
    String name();

    boolean exists();

    /**
     * What changes whenever a package is installed, removed or upgraded; null when there is no
     * database. Lets a caller keep what it derived from the database until the next change.
     */
    String state();

    /** Owners of the given files (real paths); files no package lists are left out. */
    Map<Path, Owner> owners(Collection<Path> files) throws IOException;

    /** Every path a package installed (directories too); empty for an unknown one. */
    List<String> files(String list) throws IOException;

    /** The packages a package depends on, as the database names them ({@link Owner#list()} form or plain names). */
    List<String> dependencies(String list) throws IOException;

    /** The package's name as a person knows it ({@code libdemo-data} for {@code libdemo-data-1.0-1.noarch}). */
    default String packageName(String list) throws IOException {
        return list;
    }

    /** The source package it was built from, or null for an unknown package. */
    String source(String list) throws IOException;
}
