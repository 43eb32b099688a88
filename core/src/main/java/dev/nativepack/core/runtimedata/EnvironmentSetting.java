package dev.nativepack.core.runtimedata;

/**
 * An environment variable that points a library at what it needs.
 *
 * @param name  e.g. {@code PROJ_DATA}
 * @param value relative to the bundle's root ({@code share/proj}, {@code .} for the root itself), or
 *              absolute when it starts with '/' (a file written at run time under /tmp)
 * @param list  a search path: values for the same variable are joined with ':' rather than replaced
 */
public record EnvironmentSetting(String name, String value, boolean list) {
    /** Whether the value names a place in the bundle. */
    public boolean inBundle() {
        return !value.startsWith("/");
    }

    /** The value where the bundle is unpacked at {@code root} (e.g. /var/task): {@code /var/task/share/proj}. */
    public String valueAt(String root) {
        if (!inBundle()) {
            return value;
        }
        String base = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        return value.equals(".") ? base : (base.equals("/") ? "" : base) + "/" + value;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
