package dev.nativepack.cli;

import dev.nativepack.core.report.InspectReport;
import dev.nativepack.core.report.InspectReportBuilder;
import dev.nativepack.core.report.InspectText;
import dev.nativepack.core.report.JsonOutput;
import dev.nativepack.core.report.TextStyle;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack inspect}: what each ELF file says about itself, read without running it. */
final class InspectCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("inspect", this,
            "Show what ELF files say about themselves.",
            "Show what ELF files say about themselves: machine, kind, interpreter, libc, "
                    + "NEEDED, RPATH/RUNPATH, flags, notes and the symbol versions they require.",
            "%nExamples:",
            "  nativepack inspect /usr/bin/gdalinfo",
            "  nativepack inspect --json --symbols build/libfoo.so.1 build/app",
            "%nWith several files, --json prints an array with one object per readable file;",
            "a bad file is reported on stderr and the others are still shown (exit code 3).");
    private final PositionalParamSpec files = PositionalParamSpec.builder().paramLabel("FILE")
            .arity("1..*").required(true).type(List.class).auxiliaryTypes(String.class)
            .description("ELF executables, libraries or objects.").build();
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("Print JSON instead of text.").build();
    private final OptionSpec symbols = OptionSpec.builder("--symbols").type(boolean.class)
            .description("List the symbols behind each required version.").build();
    private final ColourOptions colour;

    InspectCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(files).addOption(json).addOption(symbols);
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> files = this.files.getValue();
        boolean json = parsed.hasMatchedOption(this.json);
        boolean symbols = parsed.hasMatchedOption(this.symbols);
        TextStyle style = TextStyle.of(colour.enabled(parsed, environment));
        List<InspectReport> reports = new ArrayList<>();
        boolean badInput = false;
        for (String file : files) {
            try {
                InspectReport report = InspectReportBuilder.of(file, ElfFile.open(Path.of(file)), symbols);
                if (!json) {
                    // Text is printed as each file is read, so a long list shows progress.
                    out.print((reports.isEmpty() ? "" : "\n") + InspectText.render(report, style));
                }
                reports.add(report);
            } catch (MalformedElfException | IOException | UncheckedIOException | InvalidPathException problem) {
                InputErrors.report(err, file, problem);
                badInput = true;
            }
        }
        if (json && !reports.isEmpty()) {
            out.print(JsonOutput.render(files.size() == 1 ? reports.get(0) : reports));
        }
        return badInput ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
