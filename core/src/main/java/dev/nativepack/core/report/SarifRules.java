package dev.nativepack.core.report;

import dev.nativepack.core.audit.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every audit rule as a SARIF reporting descriptor, in {@link Rule} order so that a result's
 * {@code ruleIndex} is the rule's ordinal. Code scanning shows the short description beside each
 * alert and requires it, the full description and the help text.
 */
final class SarifRules {
    private SarifRules() {
    }

    static List<Map<String, Object>> descriptors() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            rules.add(descriptor(rule));
        }
        return rules;
    }

    private static Map<String, Object> descriptor(Rule rule) {
        String level = rule.defaultSeverity().label();
        return JsonFields.of(
                "id", rule.id(),
                "name", name(rule),
                "shortDescription", JsonFields.of("text", rule.title()),
                "fullDescription", JsonFields.of("text", rule.description()),
                "help", JsonFields.of("text", rule.title() + ".\n\n" + rule.description()),
                "defaultConfiguration", JsonFields.of("level", level),
                "properties", JsonFields.of(
                        "tags", List.of("native-code", area(rule)),
                        // Findings come from parsing the files, not from heuristics.
                        "precision", "very-high",
                        "problem.severity", level.equals("note") ? "recommendation" : level));
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
                    WRONG_INTERPRETER, NEVER_BUNDLE, GLIBC_PRIVATE, SHADOWED_LIBRARY -> "loading";
            case ABSOLUTE_RPATH, BUILD_TREE_RPATH -> "search-path";
            case EXECUTABLE_STACK, TEXT_RELOCATIONS -> "hardening";
            case DEBUG_INFO, SIZE_LIMIT -> "size";
        };
    }
}
