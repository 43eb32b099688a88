package dev.nativepack.core.report;

import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Rule;
import dev.nativepack.core.audit.Severity;
import java.util.ArrayList;
import java.util.List;

/** Audit reports made by hand: the renderers' input, with every shape a finding can take. */
final class AuditReports {
    static final String TARGET = "lambda-al2023-x86_64";
    static final String SUMMARY = "glibc 2.34, x86_64, DERIVED (medium confidence)";

    private AuditReports() {
    }

    static AuditReport of(Finding... findings) {
        return new AuditReport(TARGET, SUMMARY, List.of("build/app", "dist/app.zip"), 3, 12, 2, List.of(findings));
    }

    static AuditReport mixed() {
        // Deliberately not worst first: the renderers must group by severity themselves.
        return of(
                note("build/app", "debug sections could be stripped (1.2 MiB)"),
                warning(Rule.ABSOLUTE_RPATH, "build/app", "/home/me/lib", "RUNPATH holds /home/me/lib"),
                error(Rule.MISSING_LIBRARY, "./build/app", "libfoo.so.1",
                        "libfoo.so.1 is not in the inputs, not on the target and not on this machine",
                        List.of("needed by build/app", "searched /var/task/lib", "searched /lib64")),
                error(Rule.SYMBOL_VERSION, "dist/app.zip!/lib/libbar.so.2", "libc.so.6 GLIBC_2.38",
                        "lib/libbar.so.2 needs GLIBC_2.38 from libc.so.6, which the target's copy does not define",
                        symbols(40)));
    }

    static List<String> symbols(int count) {
        List<String> symbols = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            symbols.add("symbol sym" + i + "@GLIBC_2.38");
        }
        return symbols;
    }

    static Finding error(Rule rule, String file, String subject, String message, List<String> evidence) {
        return new Finding(rule, Severity.ERROR, file, subject, message, evidence,
                "Fix " + rule.id() + " in " + file + ".");
    }

    static Finding warning(Rule rule, String file, String subject, String message) {
        return new Finding(rule, Severity.WARNING, file, subject, message, List.of(), "Use $ORIGIN-relative paths.");
    }

    static Finding note(String file, String message) {
        return new Finding(Rule.DEBUG_INFO, Severity.NOTE, file, null, message, List.of(), null);
    }
}
