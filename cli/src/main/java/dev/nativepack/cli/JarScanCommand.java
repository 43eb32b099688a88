package dev.nativepack.cli;

import dev.nativepack.core.jar.JarInputException;
import dev.nativepack.core.jar.JarScanReport;
import dev.nativepack.core.jar.JarScanner;
import dev.nativepack.core.report.JarJson;
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

/** {@code nativepack jar scan}: every native embedded in jars, and with a target, whether it will load there. */
final class JarScanCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("scan", this,
            "List the native libraries embedded in jars, and check them against a target.",
            "Read jars, the jars nested in them (Spring Boot's BOOT-INF/lib, a deployment zip's lib/) "
                    + "and the jars in directories, and list every native library they hold: format, kind, "
                    + "operating system, architecture and C library, told from its header, notes and needed "
                    + "libraries rather than from its name, and its size. What cannot be told is shown as "
                    + "unknown. With --target, each native is marked keep (for the target), drop (for another "
                    + "platform) or unknown, and the ones the target would load are audited as `nativepack "
                    + "audit` does: symbol versions newer than the target has, missing libraries.",
            "%nExamples:",
            "  nativepack jar scan ~/.m2/repository/org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar",
            "  nativepack jar scan build/libs/app.jar --target java21",
            "  nativepack jar scan function.zip --target aws-lambda/java17/arm64 --json",
            "  nativepack jar scan target/lib/ --target provided.al2023",
            ExitCodes.HEADING,
            "  0  listed; with --target, nothing that fails on it",
            "  1  with --target: a native for it fails the audit, or a jar has natives for other",
            "     platforms only",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing file, not a jar, a truncated or damaged jar, a hostile entry name",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec inputs = PositionalParamSpec.builder().paramLabel("INPUT").arity("1..*")
            .required(true).type(List.class).auxiliaryTypes(String.class)
            .description("Jars, zips (a deployment package) or directories holding them.").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").type(String.class)
            .description("Target id (e.g. java21, aws-lambda/java17/arm64) or target file.").build();
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("Print JSON instead of text.").build();
    private final OptionSpec buildRoot = OptionSpec.builder("--build-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/")
            .description("Where the audit looks for libraries the target lacks (default: /).").build();
    private final ColourOptions colour;

    JarScanCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(inputs).addOption(target).addOption(json).addOption(buildRoot);
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Target t = null;
        if (target.getValue() != null) {
            TargetChoice.Result chosen = TargetChoice.load(target.getValue());
            if (chosen.target() == null) {
                err.println("nativepack jar scan: " + chosen.problem());
                return chosen.exitCode();
            }
            t = chosen.target();
        }
        JarScanReport report;
        try {
            report = new JarScanner(t, buildRoot.getValue()).scan(inputs.getValue());
        } catch (JarInputException | IOException | UncheckedIOException e) {
            err.println("nativepack jar scan: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (parsed.hasMatchedOption(json)) {
            out.print(JarJson.render(report));
        } else {
            out.print(JarText.render(report, TextStyle.of(colour.enabled(parsed, environment))));
        }
        return report.hasProblems() ? ExitCodes.NOT_FOUND : ExitCodes.OK;
    }
}
