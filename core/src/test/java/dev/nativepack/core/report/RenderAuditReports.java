package dev.nativepack.core.report;

import dev.nativepack.core.audit.AuditReport;

/**
 * Renders an audit report in every machine-readable format and prints nothing, so that the
 * class-loading log on standard output shows what rendering alone needs.
 */
final class RenderAuditReports {
    private RenderAuditReports() {
    }

    public static void main(String[] args) {
        AuditReport report = AuditReports.mixed();
        AuditJson.render(report);
        AuditSarif.render(report, "0.1.0-SNAPSHOT", "https://example.org/nativepack");
    }
}
