package dev.nativepack.core.report;

import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an audit as JSON for scripts. The shape is a contract: fields keep their names and
 * order, every finding has every field (a missing subject is null), and severities are the
 * lower-case labels used on the command line.
 */
public final class AuditJson {
    private AuditJson() {
    }

    public static String render(AuditReport report) {
        return JsonOutput.render(Document.of(report));
    }

    /** The whole document; the record components are the JSON fields, in this order. */
    public record Document(Target target, List<String> inputs, Summary summary, List<Item> findings) {
        static Document of(AuditReport report) {
            List<Item> items = new ArrayList<>();
            for (Finding f : report.findings()) {
                items.add(new Item(f.rule().id(), f.severity().label(), f.file(), f.subject(), f.message(),
                        f.evidence(), f.fix()));
            }
            Summary summary = new Summary(report.filesAudited(), report.librariesFromTarget(),
                    report.librariesToBundle(), report.count(Severity.ERROR), report.count(Severity.WARNING),
                    report.count(Severity.NOTE));
            return new Document(new Target(report.targetId(), report.targetSummary()), report.inputs(), summary,
                    items);
        }
    }

    public record Target(String id, String summary) {
    }

    public record Summary(int filesAudited, int librariesFromTarget, int librariesToBundle, long errors,
                          long warnings, long notes) {
    }

    /** One finding; {@code rule} is the stable rule id. */
    public record Item(String rule, String severity, String file, String subject, String message,
                       List<String> evidence, String fix) {
    }
}
