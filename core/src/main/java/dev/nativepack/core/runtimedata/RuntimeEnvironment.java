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
            out.put(e.getKey(), String.join(":", e.getValue()));
        }
        return out;
    }
}
