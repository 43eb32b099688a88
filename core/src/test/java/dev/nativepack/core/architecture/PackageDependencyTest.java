package dev.nativepack.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of core form a DAG, read from the sources' import statements (same-package
 * references need no import, so only cross-package edges are seen, which is what matters).
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/nativepack/core");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.nativepack\\.core\\.(\\w+)\\.",
            Pattern.MULTILINE);
    private static final Map<String, Set<String>> EDGES = new TreeMap<>();

    @BeforeAll
    static void readImports() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> to = EDGES.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        assertThat(EDGES).containsKeys("resolve", "target", "audit", "report");
    }

    @Test
    void thePackagesHaveNoCycle() {
        for (String start : EDGES.keySet()) {
            List<String> cycle = cycleFrom(start, new ArrayList<>());
            assertThat(cycle).as("dependency cycle through %s: %s", start, cycle).isEmpty();
        }
    }

    @Test
    void theResolverKnowsNothingOfTargetsAuditsOrReports() {
        assertThat(EDGES.get("resolve")).doesNotContain("target", "audit", "report");
        assertThat(EDGES.get("audit")).doesNotContain("report");
    }

    private static List<String> cycleFrom(String pkg, List<String> path) {
        if (path.contains(pkg)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
            cycle.add(pkg);
            return cycle;
        }
        path.add(pkg);
        for (String next : EDGES.getOrDefault(pkg, Set.of())) {
            List<String> found = cycleFrom(next, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }
}
