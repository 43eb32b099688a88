package dev.nativepack.core.bundle;

import java.util.List;
import java.util.Map;

/**
 * The run-time data and plugins a bundle brings, and the environment that points its libraries at
 * them.
 *
 * @param root        where the bundle is unpacked on the target ({@code /var/task}, {@code /opt}),
 *                    which the environment's values start with
 * @param environment variable -> value at {@code root}, in the order the needs name them
 * @param lists       the variables that are search paths (the bundle's directories go first)
 * @param choices     one per need found, in the finder's order
 * @param notes       what the user should know: plugins whose libraries are missing, registries that
 *                    could not be rewritten, patterns that matched nothing
 */
public record BundleData(String root, Map<String, String> environment, List<String> lists, List<DataChoice> choices,
                         List<String> notes) {
    public static final BundleData NONE = new BundleData("/", Map.of(), List.of(), List.of(), List.of());

    public BundleData {
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        lists = List.copyOf(lists);
        choices = List.copyOf(choices);
        notes = List.copyOf(notes);
    }
}
