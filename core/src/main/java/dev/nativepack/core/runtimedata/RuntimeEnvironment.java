package dev.nativepack.core.runtimedata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a bundle sets so that its libraries find what they need: each variable once,
 * search paths joined with ':' in the needs' order, values made absolute for where the bundle is
 * unpacked. Needs that come from the target set nothing.
 */
public final class RuntimeEnvironment {
    private RuntimeEnvironment() {
    }

    /**
     * @param root where the bundle is unpacked on the target ({@code /var/task}, {@code /opt})
     * @return variable -> value, in the order the needs first name them
     */
    /**
     * Search paths whose readers use a default when they are unset, which setting them drops (the XDG
     * Base Directory Specification: "If $XDG_DATA_DIRS is either not set or empty, a value equal to
     * /usr/local/share/:/usr/share/ should be used", and /etc/xdg for $XDG_CONFIG_DIRS).
     */
    private static final Map<String, String> UNSET_MEANS = Map.of(
            "XDG_DATA_DIRS", "/usr/local/share:/usr/share",
            "XDG_CONFIG_DIRS", "/etc/xdg");

    public static Map<String, String> of(List<RuntimeNeed> needs, String root) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (RuntimeNeed n : needs) {
            if (!n.bundled()) {
                continue;
            }
            for (EnvironmentSetting s : n.environment()) {
                List<String> known = values.get(s.name());
                if (known == null) {
                    known = new ArrayList<>();
                    values.put(s.name(), known);
                }
                String value = s.valueAt(root);
                // A search path collects every directory; any other variable keeps its first value.
                if (known.isEmpty() || (s.list() && !known.contains(value))) {
                    known.add(value);
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            String fallback = UNSET_MEANS.get(e.getKey());
            // Set, the variable replaces the directories its readers take when it is unset: keep them after the bundle's.
            out.put(e.getKey(), String.join(":", e.getValue()) + (fallback == null ? "" : ":" + fallback));
        }
        return out;
    }
}
