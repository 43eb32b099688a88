package dev.nativepack.maven;

import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import dev.nativepack.core.jar.EmbeddedNative;
import dev.nativepack.core.jar.JarInputException;
import dev.nativepack.core.jar.JarScanReport;
import dev.nativepack.core.jar.JarScanner;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** The audit of jars' natives the audit and bundle goals share: findings logged, the build failed at a threshold. */
final class JarAudit {
    private JarAudit() {
    }

    /**
     * Scans {@code jars} for the target and logs every finding with its fix.
     *
     * @param threshold the mildest severity that fails the build, or null to only report
     * @throws MojoFailureException with the count and the first culprit, when a finding reaches the threshold
     */
    static void run(Target target, Path buildRoot, List<Path> jars, Severity threshold, Log log)
            throws MojoExecutionException, MojoFailureException {
        if (jars.isEmpty()) {
            log.info("nativepack: no jars to audit");
            return;
        }
        List<String> inputs = new ArrayList<>();
        jars.forEach(jar -> inputs.add(jar.toString()));
        JarScanReport report;
        try {
            report = new JarScanner(target, buildRoot).scan(inputs);
        } catch (JarInputException e) {
            throw new MojoFailureException("nativepack: " + e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("nativepack: " + e.getMessage(), e);
        }
        List<String> failing = new ArrayList<>();
        int audited = 0;
        for (EmbeddedNative n : report.natives()) {
            if (n.findings() == null) {
                continue;
            }
            audited++;
            for (Finding f : n.findings()) {
                String line = n.location() + ": " + f.severity().label() + " " + f.rule().id() + ": " + f.message();
                log(log, f.severity(), line);
                if (!f.fix().isEmpty()) {
                    log(log, f.severity(), "  fix: " + f.fix());
                }
                if (threshold != null && f.severity().atLeast(threshold)) {
                    failing.add(line);
                }
            }
        }
        for (String jar : report.jarsWithoutTargetNative()) {
            log.warn("nativepack: " + jar + " has natives only for other platforms than " + target.id()
                    + ": its native library will not load there");
        }
        String level = threshold == null ? "any severity" : threshold.label();
        log.info("nativepack: audited " + audited + " natives for " + target.id() + " in " + report.jars().size()
                + " jars; " + failing.size() + " findings at or above " + level);
        if (!failing.isEmpty()) {
            throw new MojoFailureException("nativepack: " + failing.size() + " findings at or above " + level + " for "
                    + target.id() + "; the first: " + failing.get(0));
        }
    }

    /** The threshold a goal's {@code failOn} names, or null for none. */
    static Severity threshold(String failOn) throws MojoFailureException {
        try {
            return Severity.parseThreshold(failOn);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("nativepack: failOn: " + e.getMessage());
        }
    }

    private static void log(Log log, Severity severity, String line) {
        switch (severity) {
            case ERROR -> log.error("nativepack: " + line);
            case WARNING -> log.warn("nativepack: " + line);
            default -> log.info("nativepack: " + line);
        }
    }
}
