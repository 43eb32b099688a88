package dev.nativepack.core.runtimedata;

/** What a library looks for at run time. */
public enum NeedKind {
    /** A directory of modules it loads with dlopen (coders, drivers, converters). */
    PLUGIN_DIRECTORY("plugin-directory", "plugin directory"),
    /** A directory of data files it reads (proj.db, tessdata). */
    DATA_DIRECTORY("data-directory", "data directory"),
    /** A single data file. */
    DATA_FILE("data-file", "data file"),
    /** Configuration files or a configuration directory (fonts.conf, policy.xml). */
    CONFIGURATION("configuration", "configuration"),
    /**
     * A file listing the plugins (Graphviz's config6, gdk-pixbuf's loaders.cache), often written
     * at install time and naming paths: rewritten or regenerated for a new location.
     */
    REGISTRY_FILE("registry-file", "registry file");

    private final String id;
    private final String label;

    NeedKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The id the data table and JSON use, e.g. {@code plugin-directory}. */
    public String id() {
        return id;
    }

    /** For people: "plugin directory". */
    public String label() {
        return label;
    }

    /** The kind with this id, or null. */
    public static NeedKind byId(String id) {
        for (NeedKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        return null;
    }
}
