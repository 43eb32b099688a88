package dev.nativepack.cli;

import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import dev.nativepack.core.jar.EmbeddedNative;
import dev.nativepack.core.jar.JarScanReport;
import dev.nativepack.core.jar.PruneResult;
import dev.nativepack.core.jar.PrunedJar;
import dev.nativepack.core.jar.ScannedJar;
import dev.nativepack.core.jar.TargetFit;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.report.TextStyle;
import java.nio.file.Path;
import java.util.List;

/** The text of {@code jar scan} and {@code jar prune}: one line per native, under its jar. */
final class JarText {
    private JarText() {
    }

    static String render(JarScanReport report, TextStyle style) {
        StringBuilder sb = new StringBuilder();
        for (ScannedJar jar : report.jars()) {
            List<EmbeddedNative> natives = report.natives().stream().filter(n -> n.jar().equals(jar.location())).toList();
            if (natives.isEmpty() && jar.location().contains("!/")) {
                continue; // nested jars without natives would only be noise
            }
            sb.append(style.strong(jar.location())).append("  ").append(Sizes.of(jar.bytes())).append(", ")
                    .append(jar.natives()).append(jar.natives() == 1 ? " native" : " natives")
                    .append(jar.signed() ? ", signed" : "").append('\n');
            int width = 0;
            for (EmbeddedNative n : natives) {
                width = Math.max(width, platform(n).length());
            }
            for (EmbeddedNative n : natives) {
                sb.append("  ");
                if (n.fit() != null) {
                    String d = String.format("%-8s", n.fit().decision().label());
                    sb.append(n.fit().decision() == TargetFit.Decision.KEEP ? style.strong(d)
                            : n.fit().decision() == TargetFit.Decision.UNKNOWN ? style.warning(d) : style.dim(d));
                }
                sb.append(String.format("%-" + width + "s  %-20s %9s  ", platform(n), n.identity().format().label()
                        + " " + kind(n), Sizes.of(n.size()))).append(n.entry()).append('\n');
                if (n.fit() != null && n.fit().decision() == TargetFit.Decision.UNKNOWN) {
                    sb.append("      ").append(style.warning(n.fit().reason())).append(": ")
                            .append(String.join("; ", n.identity().evidence())).append('\n');
                }
                findings(sb, n, style);
            }
        }
        if (report.targetId() != null) {
            sb.append('\n').append("for ").append(style.strong(report.targetId())).append(" (")
                    .append(report.targetSummary()).append("): ");
            for (TargetFit.Decision d : TargetFit.Decision.values()) {
                sb.append(d.label()).append(' ').append(report.count(d)).append(" (")
                        .append(Sizes.of(report.bytes(d))).append(d == TargetFit.Decision.UNKNOWN ? ")" : "), ");
            }
            sb.append('\n');
            for (String jar : report.jarsWithoutTargetNative()) {
                sb.append(style.problem("no native for the target")).append(" in ").append(jar)
                        .append(": the library will not load there\n");
            }
        } else {
            sb.append('\n').append(report.natives().size()).append(" natives in ").append(report.jars().size())
                    .append(" jars; --target T says which are for T and audits them\n");
        }
        return sb.toString();
    }

    private static String platform(EmbeddedNative n) {
        return n.identity().platform().describe();
    }

    private static String kind(EmbeddedNative n) {
        return n.identity().kind().label();
    }

    private static void findings(StringBuilder sb, EmbeddedNative n, TextStyle style) {
        if (n.findings() == null) {
            return;
        }
        long notes = 0;
        for (Finding f : n.findings()) {
            if (f.severity() == Severity.NOTE) {
                notes++;
                continue;
            }
            String label = f.severity().label() + " " + f.rule().id();
            sb.append("      ").append(f.severity() == Severity.ERROR ? style.problem(label) : style.warning(label))
                    .append(": ").append(f.message()).append('\n');
        }
        if (n.findings().size() == notes) {
            sb.append("      audit: loads on the target").append(notes > 0 ? " (" + notes + (notes == 1 ? " note" : " notes") + ", see --json)" : "")
                    .append('\n');
        }
    }

    static String render(PruneResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append("wrote ").append(result.output()).append(" for ").append(result.targetId()).append(": ")
                .append(Sizes.of(result.jars().get(0).bytesBefore())).append(" -> ")
                .append(Sizes.of(result.jars().get(0).bytesAfter())).append(" (saved ")
                .append(Sizes.of(result.bytesSaved())).append(")\n");
        for (PrunedJar jar : result.jars()) {
            sb.append("  ").append(jar.location()).append(": ");
            if (jar.signedKept()) {
                sb.append("signed, kept as it is (").append(jar.dropped().size())
                        .append(" natives for other platforms; --allow-signed prunes it)\n");
                continue;
            }
            sb.append("dropped ").append(jar.dropped().size()).append(" natives, saved ")
                    .append(Sizes.of(jar.bytesSaved())).append('\n');
            for (EmbeddedNative n : jar.unknown()) {
                sb.append("    warning: kept ").append(n.entry()).append(": ").append(n.fit().reason()).append(" (")
                        .append(String.join("; ", n.identity().evidence())).append(")\n");
            }
        }
        for (Path p : result.extracted()) {
            sb.append("  placed ").append(p).append(" (its loader tries System.loadLibrary before extracting)\n");
        }
        return sb.toString();
    }
}
