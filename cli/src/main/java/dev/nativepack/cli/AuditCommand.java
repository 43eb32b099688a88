package dev.nativepack.cli;

import dev.nativepack.core.audit.AuditInputException;
import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Auditor;
import dev.nativepack.core.audit.Severity;
import dev.nativepack.core.report.AuditJson;
import dev.nativepack.core.report.AuditSarif;
import dev.nativepack.core.report.AuditText;
import dev.nativepack.core.report.TextStyle;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack audit}: what will fail on the target, why, and the fix, before deploying. */
final class AuditCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("audit", this,
            "Check programs, directories or deployment zips against a target runtime.",
            "Resolve every ELF file as the target's loader would (the target's libraries, the "
                    + "inputs, and what this machine would have to bundle) and report what will fail "
                    + "there: symbol versions the target lacks, missing libraries, wrong architecture "
                    + "or C library, libraries that must never be bundled or that the target's copy "
                    + "shadows, search paths that do not travel, executable stacks, text relocations, "
                    + "debug information, sizes beyond the target's limits, and the plugins and data the "
                    + "libraries it brings load at run time. Each finding has a stable rule id, the "
                    + "evidence and a fix.",
            "%nExamples:",
            "  nativepack audit build/bootstrap --target provided.al2023",
            "  nativepack audit function.zip --target aws-lambda/provided.al2023/arm64",
            "  nativepack audit dist/ --target azure/debian11 --format sarif > audit.sarif",
            "  nativepack audit app --target my-runtime.json --fail-on warning",
            "%nTargets: `nativepack targets` lists the built-in ones; --target also takes a file",
            "written by `nativepack snapshot`.",
            ExitCodes.HEADING,
            "  0  no finding at or above the --fail-on severity",
            "  1  findings at or above the --fail-on severity (default: error)",
            ExitCodes.LINE_USAGE,
            "  3  bad input: missing or unreadable file, not ELF, damaged zip or target file",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec inputs = PositionalParamSpec.builder().paramLabel("INPUT")
            .arity("1..*").required(true).type(List.class).auxiliaryTypes(String.class)
            .description("ELF files, directories (deployed as they are at the task root) or deployment zips.")
            .build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").required(true)
            .type(String.class)
            .description("Target id (e.g. provided.al2023, aws-lambda/python3.12/arm64, azure/debian12) "
                    + "or a target file from `nativepack snapshot`.").build();
    private final OptionSpec format = OptionSpec.builder("--format").paramLabel("FORMAT").type(String.class)
            .defaultValue("text").completionCandidates(List.of("text", "json", "sarif"))
            .description("text (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning).").build();
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("The same as --format json.").build();
    private final OptionSpec failOn = OptionSpec.builder("--fail-on").paramLabel("SEVERITY").type(String.class)
            .defaultValue("error").completionCandidates(List.of("error", "warning", "note", "none"))
            .description("Exit with 1 when a finding is this severe or worse: error (default), warning, note, none.")
            .build();
    private final OptionSpec buildRoot = OptionSpec.builder("--build-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/")
            .description("Where libraries the target lacks are looked for, to be bundled (default: /).").build();
    private final ColourOptions colour;

    AuditCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(inputs).addOption(target).addOption(format).addOption(json).addOption(failOn)
                .addOption(buildRoot);
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        String chosenFormat = parsed.hasMatchedOption(json) ? "json" : format.getValue();
        if (!List.of("text", "json", "sarif").contains(chosenFormat)) {
            return usage("unknown --format \"" + chosenFormat + "\" (expected text, json or sarif)");
        }
        Severity threshold;
        try {
            threshold = Severity.parseThreshold(failOn.getValue());
        } catch (IllegalArgumentException e) {
            return usage("--fail-on: " + e.getMessage());
        }
        TargetChoice.Result chosen = TargetChoice.load(target.getValue());
        if (chosen.target() == null) {
            err.println("nativepack audit: " + chosen.problem());
            return chosen.exitCode();
        }
        Target t = chosen.target();
        List<String> names = inputs.getValue();
        AuditReport report;
        try {
            report = new Auditor(t, buildRoot.getValue()).audit(names);
        } catch (AuditInputException e) {
            err.println("nativepack audit: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println("nativepack audit: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        switch (chosenFormat) {
            case "json" -> out.print(AuditJson.render(report));
            case "sarif" -> out.print(AuditSarif.render(report, VersionProvider.version()));
            default -> out.print(AuditText.render(report, TextStyle.of(colour.enabled(parsed, environment))));
        }
        return threshold != null && report.hasFindingsAtLeast(threshold) ? ExitCodes.NOT_FOUND : ExitCodes.OK;
    }

    private int usage(String message) {
        err.println("nativepack audit: " + message);
        return ExitCodes.USAGE;
    }
}
