package dev.nativepack.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Rule;
import dev.nativepack.core.audit.Severity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTextTest {
    @Test
    void testRender_headerNamesTargetAndCounts() {
        String text = AuditText.render(AuditReports.mixed(), TextStyle.PLAIN);

        assertThat(lines(text).subList(0, 2)).containsExactly(
                "target lambda-al2023-x86_64: glibc 2.34, x86_64, DERIVED (medium confidence)",
                "3 files audited, 12 libraries from the target, 2 to bundle");
    }

    @Test
    void testRender_groupsErrorsThenWarningsThenNotes() {
        List<String> heads = lines(AuditText.render(AuditReports.mixed(), TextStyle.PLAIN)).stream()
                .filter(l -> l.startsWith("error") || l.startsWith("warning") || l.startsWith("note")).toList();

        assertThat(heads).hasSize(4);
        assertThat(heads.get(0))
                .startsWith("error    missing-library  ./build/app: libfoo.so.1 is not in the inputs");
        assertThat(heads.get(1))
                .startsWith("error    symbol-version  dist/app.zip!/lib/libbar.so.2: lib/libbar.so.2 needs");
        assertThat(heads.get(2)).isEqualTo("warning  absolute-rpath  build/app: RUNPATH holds /home/me/lib");
        assertThat(heads.get(3))
                .isEqualTo("note     debug-info  build/app: debug sections could be stripped (1.2 MiB)");
    }

    @Test
    void testRender_evidenceAndFixIndentedUnderTheirFinding() {
        String text = AuditText.render(AuditReports.mixed(), TextStyle.PLAIN);

        assertThat(text).contains("error    missing-library  ./build/app: libfoo.so.1 is not in the inputs, not on the "
                + "target and not\n"
                + "         on this machine\n"
                + "    needed by build/app\n"
                + "    searched /var/task/lib\n"
                + "    searched /lib64\n"
                + "    fix: Fix missing-library in ./build/app.\n");
        // A finding without a fix has no fix line.
        assertThat(text).contains("(1.2 MiB)\n\n");
    }

    @Test
    void testRender_longEvidenceShowsTheFirstTenAndCountsTheRest() {
        String text = AuditText.render(AuditReports.mixed(), TextStyle.PLAIN);

        assertThat(text).contains("    symbol sym10@GLIBC_2.38\n    ... and 30 more\n    fix: ");
        assertThat(text).doesNotContain("sym11@");
    }

    @Test
    void testRender_tenEvidenceLinesAreAllShown() {
        AuditReport report = AuditReports.of(AuditReports.error(Rule.SYMBOL_VERSION, "app", "s", "m",
                AuditReports.symbols(10)));

        String text = AuditText.render(report, TextStyle.PLAIN);

        assertThat(text).contains("symbol sym10@GLIBC_2.38\n").doesNotContain("more");
    }

    @Test
    void testRender_countLine() {
        assertThat(lastLine(AuditText.render(AuditReports.mixed(), TextStyle.PLAIN)))
                .isEqualTo("2 errors, 1 warning, 1 note");
        assertThat(lastLine(AuditText.render(AuditReports.of(), TextStyle.PLAIN))).isEqualTo("no findings");
    }

    @Test
    void testRender_plainHasNoEscapeCodes() {
        assertThat(AuditText.render(AuditReports.mixed(), TextStyle.PLAIN)).doesNotContain("\u001b");
    }

    @Test
    void testRender_colourMarksSeverityWordsOnly() {
        String text = AuditText.render(AuditReports.mixed(), TextStyle.ANSI);

        assertThat(text).contains("\u001b[31merror\u001b[0m    missing-library  ./build/app: ");
        assertThat(text).contains("\u001b[33mwarning\u001b[0m  absolute-rpath  ");
        assertThat(text).contains("\u001b[2mnote\u001b[0m     debug-info  ");
        assertThat(text).contains("\u001b[2m... and 30 more\u001b[0m");
        // Colour adds escape codes and nothing else.
        assertThat(text.replaceAll("\u001b\\[[0-9;]*m", ""))
                .isEqualTo(AuditText.render(AuditReports.mixed(), TextStyle.PLAIN));
    }

    @Test
    void testRender_longTextWrapsWithinOneHundredColumns() {
        String message = "the bundled libcrypto.so.3 is never loaded: the target's /usr/lib64/libcrypto.so.3 is found "
                + "first (LD_LIBRARY_PATH), and it lacks versions the program needs";
        String fix = "Give the entry a DT_RPATH with the bundle's library directory (searched before LD_LIBRARY_PATH "
                + "and the system; DT_RUNPATH is not), as `nativepack bundle` does, or rename the bundled soname.";
        AuditReport report = AuditReports.of(new Finding(Rule.SHADOWED_LIBRARY, Severity.ERROR, "build/task/bin/app",
                "libcrypto.so.3", message, List.of("loaded instead: /usr/lib64/libcrypto.so.3"), fix));

        String text = AuditText.render(report, TextStyle.PLAIN);
        List<String> lines = lines(text);

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(AuditText.WIDTH));
        int head = indexStartingWith(lines, "error");
        int evidence = indexStartingWith(lines, "    loaded instead: ");
        int fixLine = indexStartingWith(lines, "    fix: ");
        assertThat(evidence).isGreaterThan(head + 1);
        assertThat(lines.subList(head + 1, evidence))
                .allSatisfy(l -> assertThat(l).startsWith("         ").doesNotStartWith("          "));
        assertThat(lines.size()).isGreaterThan(fixLine + 2);
        assertThat(lines.get(fixLine + 1)).startsWith("         ").doesNotStartWith("          ");
        // Wrapping only moves words between lines.
        assertThat(text.replaceAll("\\s+", " ")).contains(message).contains(fix);
    }

    @Test
    void testRender_unbreakableWordIsNotCut() {
        String path = "/" + "very-long-directory-name/".repeat(6) + "libfoo.so.1";
        AuditReport report = AuditReports.of(AuditReports.error(Rule.MISSING_LIBRARY, "app", "libfoo.so.1", "m",
                List.of("searched " + path)));

        assertThat(AuditText.render(report, TextStyle.PLAIN)).contains("    searched\n      " + path + "\n");
    }

    @Test
    void testRender_singularWords() {
        AuditReport report = new AuditReport("t", "s", List.of("a"), 1, 1, 0,
                List.of(AuditReports.note("a", "m")));

        String text = AuditText.render(report, TextStyle.PLAIN);

        assertThat(lines(text).get(1)).isEqualTo("1 file audited, 1 library from the target, 0 to bundle");
        assertThat(lastLine(text)).isEqualTo("0 errors, 0 warnings, 1 note");
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    private static int indexStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with \"" + prefix + "\"");
    }

    private static String lastLine(String text) {
        List<String> lines = lines(text);
        return lines.get(lines.size() - 1);
    }
}
