package dev.nativepack.core.runtimedata;

import java.util.List;

/**
 * One library of the runtime-data table: the names it is known by and what it needs.
 *
 * @param library    for people: "GDAL"
 * @param names      sonames or program file names, as patterns
 * @param provenance where the facts come from
 * @param needs      what it loads or reads at run time, in the table's order
 */
record TableEntry(String library, List<NamePattern> names, String provenance, List<NeedSpec> needs) {
    /**
     * One need as the table describes it.
     *
     * @param paths       where it may be, most likely first, as patterns
     * @param destination relative to the bundle; may hold {version} and {name}
     * @param namedIn     the destination of another need of the library whose configuration names this
     *                    one and which a bundle rewrites (fonts.conf's font directories), or null
     * @param rewrite     how a bundle rewrites this need's configuration files, or null
     */
    record NeedSpec(NeedKind kind, String what, List<PathPattern> paths, String destination,
                    List<EnvironmentSetting> environment, List<String> required, List<OptionalSpec> optional,
                    String namedIn, ConfigurationRewrite rewrite, String note) {
    }

    /**
     * Parts of a need that may be left out: what they are, and globs relative to the need's path.
     *
     * @param leftOut whether a bundle leaves them out unless asked for (PROJ's grids), rather than
     *                bringing them unless told not to (ImageMagick's coders)
     * @param kept    globs over the parts' names that a bundle brings although the others are left
     *                out (tessdata's {@code eng}; {@code dejavu-*} for Fedora's font directories)
     * @param directories whether a part is the directory holding what a glob matches: a font family
     *                is {@code truetype/dejavu} on Debian, {@code dejavu-sans-fonts} on Fedora and
     *                Amazon Linux, where {@code *}{@code /*} reaches the font files themselves
     */
    record OptionalSpec(String part, List<String> globs, boolean leftOut, List<String> kept, boolean directories) {
        /** Whether a part of this name is brought although the others are left out. */
        boolean keeps(String name) {
            for (String glob : kept) {
                if (glob.equals(name) || java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob)
                        .matches(java.nio.file.Path.of(name))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The version the name matched ({@code 3.11} for {@code libpython3.11.so.1.0}), "" without one, null for no match. */
    String match(String name) {
        for (NamePattern p : names) {
            String version = p.match(name);
            if (version != null) {
                return version;
            }
        }
        return null;
    }
}
