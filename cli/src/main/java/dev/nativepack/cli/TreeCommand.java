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
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nativepack tree}: the libraries an ELF file loads, resolved as ld.so would, shown as a tree. */
@Command(name = "tree", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Show the libraries a program loads, resolved as ld.so would.",
        description = "Show the shared libraries a program or library loads, found as glibc's ld.so "
                + "would find them (breadth-first, first requester wins), without running it.",
        footer = {"%nEach line reads: name => path [how it was found]. A library requested again is",
            "shown once more as \"(already loaded)\"; a missing one lists every path searched.",
            "%nExamples:",
            "  nativepack tree /usr/bin/gdalinfo",
            "  nativepack tree --root /srv/rootfs /srv/rootfs/usr/bin/gdalinfo",
            "  nativepack tree --ld-library-path /var/task/lib --json build/app",
            "%nExit code 1 means the loader would fail: a library is not found, or a required",
            "symbol version is missing (weak versions are reported but do not fail).",
            ExitCodes.HEADING, ExitCodes.LINE_OK, ExitCodes.LINE_NOT_FOUND, ExitCodes.LINE_USAGE,
            ExitCodes.LINE_BAD_INPUT, ExitCodes.LINE_INTERNAL})
final class TreeCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;

    @Parameters(paramLabel = "FILE", description = "The executable or library to resolve.")
    String file;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Resolve inside this directory, as if it were / on the target (default: /).")
    Path root;

    @Option(names = "--ld-library-path", paramLabel = "PATH",
            description = "LD_LIBRARY_PATH as the target sets it (colon-separated).")
    String ldLibraryPath;

    @Option(names = "--json", description = "Print JSON instead of the tree.")
    boolean json;

    @Mixin
    ColourOptions colour;

    TreeCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Closure closure;
        try {
            Path path = Path.of(file);
            LoaderProfile profile = TargetProfile.of(root, ElfFile.open(path), ldLibraryPath);
            closure = new Resolver(profile, root).resolve(path);
        } catch (MalformedElfException | IOException | InvalidPathException problem) {
            InputErrors.report(err, file, problem);
            return ExitCodes.BAD_INPUT;
        }
        if (json) {
            out.print(JsonOutput.render(TreeReport.of(file, closure)));
        } else {
            out.print(TreeText.render(file, closure, TextStyle.of(colour.enabled(environment))));
        }
        return closure.loads() ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }
}
