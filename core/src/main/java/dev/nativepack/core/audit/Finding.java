package dev.nativepack.core.audit;

import java.util.List;
import java.util.Objects;

/**
 * One thing an audit found.
 *
 * @param rule     which check
 * @param severity how bad, usually the rule's default
 * @param file     the input the finding is about, as the user named it; inside an archive or
 *                 directory input, {@code archive.zip!/lib/libfoo.so.1}
 * @param subject  what it concerns: a library name, a version, a section; may be null
 * @param message  one sentence saying what is wrong
 * @param evidence the facts behind it (culprit symbols, searched paths, sizes), one per line
 * @param fix      what to do about it, concretely
 */
public record Finding(Rule rule, Severity severity, String file, String subject, String message, List<String> evidence,
                      String fix) {
    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        evidence = List.copyOf(evidence);
        fix = fix == null ? "" : fix;
    }
}
