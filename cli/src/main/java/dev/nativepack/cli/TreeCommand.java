package dev.nativepack.cli;

import dev.nativepack.core.report.JsonOutput;
import dev.nativepack.core.report.TextStyle;
import dev.nativepack.core.report.TreeReport;
import dev.nativepack.core.report.TreeText;
import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.LoaderProfile;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack tree}: the libraries an ELF file loads, resolved as ld.so would, shown as a tree. */
final class TreeCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("tree", this,
            "Show the libraries a program loads, resolved as ld.so would.",
            "Show the shared libraries a program or library loads, found as glibc's ld.so "
                    + "would find them (breadth-first, first requester wins), without running it.",
            "%nEach line reads: name => path [how it was found]. A library requested again is",
            "shown once more as \"(already loaded)\"; a missing one lists every path searched.",
            "%nExamples:",
            "  nativepack tree /usr/bin/gdalinfo",
            "  nativepack tree --root /srv/rootfs /srv/rootfs/usr/bin/gdalinfo",
            "  nativepack tree --ld-library-path /var/task/lib --json build/app",
            "%nExit code 1 means the loader would fail: a library is not found, or a required",
            "symbol version is missing (weak versions are reported but do not fail).");
    private final PositionalParamSpec file = PositionalParamSpec.builder().paramLabel("FILE")
            .arity("1").required(true).type(String.class)
            .description("The executable or library to resolve.").build();
    private final OptionSpec root = OptionSpec.builder("--root").paramLabel("DIR").type(Path.class)
            .defaultValue("/")
            .description("Resolve inside this directory, as if it were / on the target (default: /).").build();
    private final OptionSpec ldLibraryPath = OptionSpec.builder("--ld-library-path").paramLabel("PATH")
            .type(String.class).description("LD_LIBRARY_PATH as the target sets it (colon-separated).").build();
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("Print JSON instead of the tree.").build();
    private final ColourOptions colour;

    TreeCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(file).addOption(root).addOption(ldLibraryPath).addOption(json);
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        String file = this.file.getValue();
        Path root = this.root.getValue();
        Closure closure;
        try {
            Path path = Path.of(file);
            ElfFile main = ElfFile.open(path);
            LoaderProfile profile = TargetProfile.of(root, main, ldLibraryPath.getValue());
            closure = new Resolver(profile, root).resolve(main);
        } catch (MalformedElfException | IOException | UncheckedIOException | InvalidPathException problem) {
            InputErrors.report(err, file, problem);
            return ExitCodes.BAD_INPUT;
        }
        if (parsed.hasMatchedOption(json)) {
            out.print(JsonOutput.render(TreeReport.of(file, closure)));
        } else {
            out.print(TreeText.render(file, closure, TextStyle.of(colour.enabled(parsed, environment))));
        }
        return closure.loads() ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }
}
