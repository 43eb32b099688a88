package dev.nativepack.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering an audit as JSON or SARIF must not load Jackson's data-binding layer, which would add
 * about a fifth to an audit's start-up. Checked in a fresh JVM: in this one, other tests have
 * loaded it already.
 */
class AuditRenderingClassesTest {
    private static final String DATA_BINDING = "com.fasterxml.jackson.databind.";

    @Test
    void testRender_loadsNoDataBinding(@TempDir Path dir) throws IOException, InterruptedException {
        List<String> loaded = classesLoadedBy(RenderAuditReports.class, dir.resolve("class-load.log"));

        // Without the renderers and the streaming generator in the log, an empty log would pass.
        assertThat(loaded).anyMatch(line -> line.contains(" " + AuditSarif.class.getName() + " "))
                .anyMatch(line -> line.contains(" " + AuditJson.class.getName() + " "))
                .anyMatch(line -> line.contains(" com.fasterxml.jackson.core.JsonGenerator "));
        assertThat(loaded.stream().filter(line -> line.contains(DATA_BINDING)).toList()).isEmpty();
    }

    /** Runs {@code main} on this test's class path and returns the JVM's class-loading log. */
    private static List<String> classesLoadedBy(Class<?> main, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(main.getName() + " did not finish within 60 s");
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(process.exitValue()).as("exit status; output:%n%s", String.join("\n", lines)).isZero();
        return lines;
    }
}
