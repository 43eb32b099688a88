package dev.nativepack.core.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files that set a bundle's environment: a POSIX sh {@code bootstrap} that exports the
 * variables and runs the real program (for a custom runtime, whose bootstrap is started as it is),
 * an env file of KEY=VALUE lines, and the function configuration for
 * {@code aws lambda update-function-configuration --environment file://...} (for managed runtimes
 * and layers, whose environment only the configuration sets). Their content depends on nothing but
 * the plan.
 */
public final class EnvironmentFiles {
    public static final String ENV_FILE = "nativepack.env";
    public static final String CONFIGURATION_FILE = "nativepack-environment.json";
    private static final JsonFactory FACTORY = new JsonFactory();

    private EnvironmentFiles() {
    }

    /**
     * The wrapper: the bundle's root is the directory the script lies in (so the values are right
     * wherever it is unpacked), else LAMBDA_TASK_ROOT. A variable the function's configuration set
     * already is kept; a search path gets the bundle's directories in front of what it held.
     *
     * @param program the real program, relative to the bundle's root ({@code bin/gdalinfo})
     */
    static GeneratedFile bootstrap(BundleData data, String program) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# Written by nativepack: points the bundled libraries at their data and plugins, then runs ")
                .append(program).append(".\n");
        s.append("case $0 in */*) root=$(cd \"${0%/*}\" && pwd) ;; *) root=${LAMBDA_TASK_ROOT:-$(pwd)} ;; esac\n");
        for (Map.Entry<String, String> v : data.environment().entrySet()) {
            String name = v.getKey();
            String value = relative(v.getValue(), data.root());
            if (data.lists().contains(name)) {
                s.append("export ").append(name).append("=\"").append(value).append("${").append(name).append(":+:$")
                        .append(name).append("}\"\n");
            } else {
                s.append("export ").append(name).append("=\"${").append(name).append(":-").append(value).append("}\"\n");
            }
        }
        s.append("exec \"$root/").append(quoted(program)).append("\" \"$@\"\n");
        return new GeneratedFile("bootstrap", s.toString().getBytes(StandardCharsets.UTF_8), true,
                "sets the environment of the bundle's run-time data, then runs " + program);
    }

    /** KEY=VALUE lines, values at the bundle's root. */
    static GeneratedFile envFile(BundleData data) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> v : data.environment().entrySet()) {
            s.append(v.getKey()).append('=').append(v.getValue()).append('\n');
        }
        return new GeneratedFile(ENV_FILE, s.toString().getBytes(StandardCharsets.UTF_8), false,
                "the environment the bundle's libraries need, unpacked at " + data.root());
    }

    /** {@code {"Variables": {...}}}, as the function configuration's Environment. */
    static GeneratedFile configuration(BundleData data) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("Variables");
            for (Map.Entry<String, String> v : data.environment().entrySet()) {
                g.writeStringField(v.getKey(), v.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return new GeneratedFile(CONFIGURATION_FILE, (out + "\n").getBytes(StandardCharsets.UTF_8), false,
                "the environment for the function configuration (aws lambda update-function-configuration "
                        + "--environment file://" + CONFIGURATION_FILE + ")");
    }

    /** Each element of a search path under the root as {@code $root/...}, the others as they are, quoted for sh. */
    private static String relative(String value, String root) {
        List<String> parts = new ArrayList<>();
        for (String p : value.split(":", -1)) {
            if (p.equals(root)) {
                parts.add("$root");
            } else if (p.startsWith(root.endsWith("/") ? root : root + "/")) {
                parts.add("$root/" + quoted(p.substring(root.endsWith("/") ? root.length() : root.length() + 1)));
            } else {
                parts.add(quoted(p));
            }
        }
        return String.join(":", parts);
    }

    /** Text for inside double quotes. */
    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
    }
}
