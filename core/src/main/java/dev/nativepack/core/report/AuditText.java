package dev.nativepack.core.report;

import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import java.util.Optional;

/**
 * Renders an audit for a terminal: what was checked against what, the findings grouped by
 * severity (errors first) with their evidence and fix, and a closing count. Lines are wrapped at
 * {@value #WIDTH} columns so that a finding stays readable in a narrow terminal.
 */
public final class AuditText {
    static final int WIDTH = 100;
    private static final String INDENT = "    ";
    private static final String FIX = "fix: ";
    /** The longest severity label ("warning"), so that rule ids line up. */
    private static final int SEVERITY_WIDTH = 7;

    private AuditText() {
    }

    public static String render(AuditReport report, TextStyle style) {
        StringBuilder out = new StringBuilder();
        out.append(style.strong("target " + report.targetId())).append(": ").append(report.targetSummary())
                .append('\n');
        out.append(count(report.filesAudited(), "file", "files")).append(" audited, ")
                .append(count(report.librariesFromTarget(), "library", "libraries")).append(" from the target, ")
                .append(report.librariesToBundle()).append(" to bundle\n");
        // The report is sorted worst first already; grouping again keeps the promise for any input.
        for (Severity severity : Severity.values()) {
            for (Finding f : report.findings()) {
                if (f.severity() == severity) {
                    out.append('\n');
                    finding(out, f, style);
                }
            }
        }
        out.append('\n').append(totals(report, style)).append('\n');
        return out.toString();
    }

    private static void finding(StringBuilder out, Finding f, TextStyle style) {
        String label = f.severity().label();
        String head = pad(label) + "  " + f.rule().id() + "  " + f.file() + ": " + f.message();
        // The message continues under the rule id, clear of the evidence below it.
        String wrapped = TextWrap.wrap(head, "", " ".repeat(SEVERITY_WIDTH + 2), WIDTH);
        // Colour only the word itself: the padding must stay outside the escape codes to align.
        out.append(severityWord(f.severity(), style)).append(wrapped.substring(label.length()));
        for (String line : EvidenceLines.head(f.evidence())) {
            out.append(TextWrap.wrap(line, INDENT, INDENT + "  ", WIDTH));
        }
        Optional<String> rest = EvidenceLines.rest(f.evidence());
        rest.ifPresent(more -> out.append(INDENT).append(style.dim(more)).append('\n'));
        if (!f.fix().isEmpty()) {
            out.append(TextWrap.wrap(FIX + f.fix(), INDENT, INDENT + " ".repeat(FIX.length()), WIDTH));
        }
    }

    private static String severityWord(Severity severity, TextStyle style) {
        return switch (severity) {
            case ERROR -> style.problem(severity.label());
            case WARNING -> style.warning(severity.label());
            case NOTE -> style.dim(severity.label());
        };
    }

    private static String totals(AuditReport report, TextStyle style) {
        if (report.findings().isEmpty()) {
            return "no findings";
        }
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        String e = count(errors, "error", "errors");
        String w = count(warnings, "warning", "warnings");
        return (errors > 0 ? style.problem(e) : e) + ", " + (warnings > 0 ? style.warning(w) : w) + ", "
                + count(report.count(Severity.NOTE), "note", "notes");
    }

    private static String pad(String label) {
        return label + " ".repeat(Math.max(0, SEVERITY_WIDTH - label.length()));
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
