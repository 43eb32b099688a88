package dev.nativepack.cli;

import dev.nativepack.core.report.InspectReport;
import dev.nativepack.core.report.InspectReportBuilder;
import dev.nativepack.core.report.InspectText;
import dev.nativepack.core.report.JsonOutput;
import dev.nativepack.core.report.TextStyle;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nativepack inspect}: what each ELF file says about itself, read without running it. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Show what ELF files say about themselves.",
        description = "Show what ELF files say about themselves: machine, kind, interpreter, libc, "
                + "NEEDED, RPATH/RUNPATH, flags, notes and the symbol versions they require.",
        footer = {"%nExamples:",
            "  nativepack inspect /usr/bin/gdalinfo",
            "  nativepack inspect --json --symbols build/libfoo.so.1 build/app",
            "%nWith several files, --json prints an array with one object per readable file;",
            "a bad file is reported on stderr and the others are still shown (exit code 3).",
            ExitCodes.HEADING, ExitCodes.LINE_OK, ExitCodes.LINE_NOT_FOUND, ExitCodes.LINE_USAGE,
            ExitCodes.LINE_BAD_INPUT, ExitCodes.LINE_INTERNAL})
final class InspectCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "ELF executables, libraries or objects.")
    List<String> files;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--symbols", description = "List the symbols behind each required version.")
    boolean symbols;

    @Mixin
    ColourOptions colour;

    InspectCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        TextStyle style = TextStyle.of(colour.enabled(environment));
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
            } catch (MalformedElfException | IOException | InvalidPathException problem) {
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
