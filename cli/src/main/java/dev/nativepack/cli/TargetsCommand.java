package dev.nativepack.cli;

import dev.nativepack.core.report.JsonOutput;
import dev.nativepack.core.report.TextStyle;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack targets}: the built-in targets, one line each, with where their data comes from. */
final class TargetsCommand implements Callable<Integer> {
    private static final String GAP = "  ";

    private final PrintStream out;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("targets", this,
            "List the platforms nativepack can check and bundle for.",
            "List the built-in targets: serverless runtimes described as data (C library, "
                    + "symbol-version ceilings, libraries present, loader search path, layout, limits).",
            "%nEach line shows the id, the C library, the architecture, where the data comes from",
            "(REAL: observed in the runtime; DERIVED: inferred from package lists) with its",
            "confidence, and a description. An id may be shortened where it stays unique:",
            "provided.al2023 is aws-lambda/provided.al2023/x86_64; aarch64 and amd64 are accepted.",
            "%nExamples:",
            "  nativepack targets",
            "  nativepack targets --json");
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("Print JSON instead of the table.").build();
    private final ColourOptions colour;

    TargetsCommand(PrintStream out, RunEnvironment environment) {
        this.out = out;
        this.environment = environment;
        spec.addOption(json);
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<Target> targets = TargetCatalog.builtIn().all();
        if (parsed.hasMatchedOption(json)) {
            List<Summary> summaries = new ArrayList<>();
            for (Target t : targets) {
                summaries.add(Summary.of(t));
            }
            out.print(JsonOutput.render(summaries));
        } else {
            out.print(table(targets, TextStyle.of(colour.enabled(parsed, environment))));
        }
        return ExitCodes.OK;
    }

    /** Aligned columns; the description is last so that long ones do not push the others apart. */
    static String table(List<Target> targets, TextStyle style) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "LIBC", "ARCH", "PROVENANCE", "DESCRIPTION"});
        for (Target t : targets) {
            rows.add(new String[] {t.id(), t.libc().family() + " " + t.libc().version(), t.architecture(),
                t.provenance().kind() + " " + t.provenance().confidence(),
                t.description() == null ? "" : t.description()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                line.append(last ? row[i] : pad(row[i], widths[i]) + GAP);
            }
            String plain = line.toString().stripTrailing();
            text.append(r == 0 ? style.strong(plain) : plain).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /** One target in {@code --json}: what a script needs to choose a target, without its library list. */
    record Summary(String id, String architecture, String libc, String libcVersion, String provenance,
                   String confidence, Map<String, String> ceilings, int libraries, String description) {
        static Summary of(Target t) {
            return new Summary(t.id(), t.architecture(), t.libc().family(), t.libc().version(),
                    t.provenance().kind().name(), t.provenance().confidence(), new TreeMap<>(t.ceilings()),
                    t.libraries().size(), t.description());
        }
    }
}
