package dev.nativepack.cli;

import dev.nativepack.core.verify.FunctionConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --env NAME=VALUE} variables of a function's configuration, checked as Lambda checks them. */
final class ConfiguredVariables {
    /** What Lambda sets itself and refuses in a function's configuration (research/lambda.md §3.6). */
    private static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    /** A pair that cannot be configured, with the reason as a message. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private ConfiguredVariables() {
    }

    /** The pairs in order, a later value for a name replacing an earlier one. */
    static Map<String, String> parse(List<String> pairs) throws Refused {
        Map<String, String> configured = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (eq <= 0 || !key.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new Refused("--env " + pair + ": give NAME=VALUE (a name of letters, digits and _)");
            }
            if (isReserved(key)) {
                throw new Refused("--env " + key + ": reserved by Lambda, which does not let a function set it");
            }
            configured.put(key, pair.substring(eq + 1));
        }
        return configured;
    }

    /**
     * What the layers' configuration files (in layer order, a later value replacing an earlier one)
     * and then the bundle's ask the function's configuration to set, Lambda's reserved names left out.
     * The bundle's is skipped when its generated bootstrap is what runs: that sets them itself, and
     * applying them here too would hide a bootstrap that does not.
     *
     * @throws IOException prefixed with the name of the layer or bundle whose file is damaged
     */
    static Map<String, String> requested(Path root, String rootName, List<Path> layers, List<String> layerNames,
                                         boolean bootstrapRuns) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            out.putAll(read(layers.get(i), layerNames.get(i)));
        }
        if (!bootstrapRuns) {
            out.putAll(read(root, rootName));
        }
        out.keySet().removeIf(ConfiguredVariables::isReserved);
        return out;
    }

    private static Map<String, String> read(Path dir, String name) throws IOException {
        try {
            return FunctionConfiguration.read(dir);
        } catch (IOException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    static boolean isReserved(String name) {
        return RESERVED.contains(name) || name.startsWith("AWS_LAMBDA_");
    }
}
