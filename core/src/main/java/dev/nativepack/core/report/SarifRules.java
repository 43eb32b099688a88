package dev.nativepack.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.nativepack.core.audit.Rule;
import java.io.IOException;

/**
 * Every audit rule as a SARIF reporting descriptor, in {@link Rule} order so that a result's
 * {@code ruleIndex} is the rule's ordinal. Code scanning shows the short description beside each
 * alert and requires it, the full description and the help text.
 */
final class SarifRules {
    private SarifRules() {
    }

    /** The {@code rules} field of the tool's driver. */
    static void write(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("rules");
        for (Rule rule : Rule.values()) {
            writeDescriptor(g, rule);
        }
        g.writeEndArray();
    }

    private static void writeDescriptor(JsonGenerator g, Rule rule) throws IOException {
        String level = rule.defaultSeverity().label();
        g.writeStartObject();
        g.writeStringField("id", rule.id());
        g.writeStringField("name", name(rule));
        StreamingJson.writeText(g, "shortDescription", rule.title());
        StreamingJson.writeText(g, "fullDescription", rule.description());
        StreamingJson.writeText(g, "help", rule.title() + ".\n\n" + rule.description());
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", level);
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeArrayFieldStart("tags");
        g.writeString("native-code");
        g.writeString(area(rule));
        g.writeEndArray();
        // Findings come from parsing the files, not from heuristics; lgpl-static recognises libraries by
        // markers, runtime-data reads paths from strings and package lists.
        g.writeStringField("precision", rule == Rule.LGPL_STATIC || rule == Rule.RUNTIME_DATA ? "high" : "very-high");
        g.writeStringField("problem.severity", level.equals("note") ? "recommendation" : level);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The id in PascalCase: {@code symbol-version} is {@code SymbolVersion}. */
    static String name(Rule rule) {
        StringBuilder name = new StringBuilder();
        for (String word : rule.id().split("-")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }

    /** A tag to filter alerts by; exhaustive, so a new rule cannot go without one. */
    private static String area(Rule rule) {
        return switch (rule) {
            case SYMBOL_VERSION, MISSING_LIBRARY, BUNDLE_REQUIRED, WRONG_ARCHITECTURE, WRONG_LIBC,
                    WRONG_INTERPRETER, NEVER_BUNDLE, GLIBC_PRIVATE, SHADOWED_LIBRARY, PYTHON_ABI -> "loading";
            case ABSOLUTE_RPATH, BUILD_TREE_RPATH -> "search-path";
            case EXECUTABLE_STACK, TEXT_RELOCATIONS -> "hardening";
            case DEBUG_INFO, SIZE_LIMIT -> "size";
            case LGPL_STATIC -> "licensing";
            case RUNTIME_DATA -> "runtime-data";
        };
    }
}
