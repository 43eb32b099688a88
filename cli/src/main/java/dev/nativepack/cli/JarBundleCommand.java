package dev.nativepack.cli;

import dev.nativepack.core.archive.ArchiveOptions;
import dev.nativepack.core.archive.ArchiveSummary;
import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.audit.Severity;
import dev.nativepack.core.bundle.SizeLimits;
import dev.nativepack.core.jar.EmbeddedNative;
import dev.nativepack.core.jar.JarInputException;
import dev.nativepack.core.jar.JarScanReport;
import dev.nativepack.core.jar.JarScanner;
import dev.nativepack.core.jar.JavaFunctionBundler;
import dev.nativepack.core.jar.PruneRefusedException;
import dev.nativepack.core.jar.PruneResult;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack jar bundle}: the zip of a Java function, its jars pruned and audited (the Maven plugin's bundle goal). */
final class JarBundleCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create("bundle", this,
            "Write the zip of a Java function: its jars under lib/, pruned and audited for the target.",
            "For the managed Java runtimes (java21, java17, ...): every JAR goes to lib/ (on the runtime's "
                    + "class path) without the natives for other platforms than the target's, after the natives "
                    + "the target will load were audited; a finding at or above --fail-on writes nothing. "
                    + "--extract-natives also places in lib/ (on LD_LIBRARY_PATH, hence java.library.path) the "
                    + "natives of libraries that try System.loadLibrary before extracting to /tmp. The zip is "
                    + "reproducible (SOURCE_DATE_EPOCH sets its time) and checked against the target's size "
                    + "limits. The Maven plugin's bundle goal does the same.",
            "%nExamples:",
            "  nativepack jar bundle build/libs/app.jar build/deps/*.jar --target java21 -o function.zip",
            "  nativepack jar bundle target/app.jar target/lib/*.jar --target java17 --extract-natives -o fn.zip",
            ExitCodes.HEADING,
            "  0  written",
            "  1  not written: an audit finding at or above --fail-on, a signed jar (see --allow-signed),",
            "     or the zip is over the target's size limits (it is written then)",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing file, not a jar, a damaged jar, two jars of the same file name, an",
            "     output that cannot be written",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec jars = PositionalParamSpec.builder().paramLabel("JAR").arity("1..*")
            .type(List.class).auxiliaryTypes(String.class)
            .description("The function's jar and its runtime dependencies.").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").required(true)
            .type(String.class).description("Target id (e.g. java21, aws-lambda/java17/arm64) or target file.")
            .build();
    private final OptionSpec output = OptionSpec.builder("-o", "--output").paramLabel("ZIP").required(true)
            .type(Path.class).description("The zip to write.").build();
    private final OptionSpec noPrune = OptionSpec.builder("--no-prune").type(boolean.class)
            .description("Keep the natives of every platform.").build();
    private final OptionSpec allowSigned = OptionSpec.builder("--allow-signed").type(boolean.class)
            .description("Prune signed jars too (their signature files are kept).").build();
    private final OptionSpec extract = OptionSpec.builder("--extract-natives").type(boolean.class)
            .description("Place loadLibrary-first natives (zstd-jni) in lib/.").build();
    private final OptionSpec failOn = OptionSpec.builder("--fail-on").paramLabel("SEVERITY").type(String.class)
            .defaultValue("error").description("error, warning, note or none (default: error).").build();
    private final OptionSpec level = OptionSpec.builder("--compression-level").paramLabel("N").type(int.class)
            .defaultValue(Integer.toString(ArchiveOptions.DEFAULT_COMPRESSION_LEVEL))
            .description("Deflate level, 0 (store) to 9 (default: 9).").build();
    private final OptionSpec buildRoot = OptionSpec.builder("--build-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/")
            .description("Where the audit looks for libraries the target lacks (default: /).").build();

    JarBundleCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        spec.addPositional(jars).addOption(target).addOption(output).addOption(noPrune).addOption(allowSigned)
                .addOption(extract).addOption(failOn).addOption(level).addOption(buildRoot);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Severity threshold;
        try {
            threshold = Severity.parseThreshold(failOn.getValue());
        } catch (IllegalArgumentException e) {
            return usage("--fail-on: " + e.getMessage());
        }
        int n = level.<Integer>getValue();
        if (n < 0 || n > 9) {
            return usage("--compression-level must be 0 to 9, not " + n);
        }
        TargetChoice.Result chosen = TargetChoice.load(target.getValue());
        if (chosen.target() == null) {
            err.println("nativepack jar bundle: " + chosen.problem());
            return chosen.exitCode();
        }
        Target t = chosen.target();
        List<String> names = jars.getValue();
        List<Path> paths = new ArrayList<>();
        names.forEach(name -> paths.add(Path.of(name)));
        Path scratch = null;
        try {
            JarScanReport report = new JarScanner(t, buildRoot.getValue()).scan(names);
            if (reportFindings(report, threshold)) {
                err.println("nativepack jar bundle: nothing written: the audit found problems for " + t.id());
                return ExitCodes.NOT_FOUND;
            }
            scratch = Files.createTempDirectory("nativepack-jar-bundle-");
            JavaFunctionBundler.Result result = new JavaFunctionBundler(t, new JavaFunctionBundler.Options(
                    !parsed.hasMatchedOption(noPrune), parsed.hasMatchedOption(allowSigned),
                    parsed.hasMatchedOption(extract), ArchiveTimestamp.fromEnvironment(), n))
                    .bundle(paths, scratch, output.getValue());
            return summarise(t, result, names.size());
        } catch (PruneRefusedException e) {
            err.println("nativepack jar bundle: " + e.getMessage());
            return ExitCodes.NOT_FOUND;
        } catch (JarInputException | ArchiveWriteException | IOException | UncheckedIOException
                 | IllegalArgumentException e) {
            err.println("nativepack jar bundle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            if (scratch != null) {
                FileTrees.delete(scratch);
            }
        }
    }

    /** Prints the target's natives' findings; true when one reaches the threshold. */
    private boolean reportFindings(JarScanReport report, Severity threshold) {
        boolean failing = false;
        for (EmbeddedNative n : report.natives()) {
            if (n.findings() == null) {
                continue;
            }
            for (Finding f : n.findings()) {
                err.println("  " + f.severity().label() + " " + f.rule().id() + ": " + n.location() + ": " + f.message());
                if (!f.fix().isEmpty()) {
                    err.println("    fix: " + f.fix());
                }
                failing |= threshold != null && f.severity().atLeast(threshold);
            }
        }
        return failing;
    }

    private int summarise(Target t, JavaFunctionBundler.Result result, int jarCount) {
        ArchiveSummary s = result.summary();
        out.println("wrote " + s.output() + " for " + t.id() + ": " + jarCount + " jars under lib/");
        for (PruneResult pruned : result.pruned()) {
            if (pruned.bytesSaved() > 0) {
                out.println("  " + Path.of(pruned.input()).getFileName() + ": " + Sizes.of(pruned.bytesSaved())
                        + " of natives for other platforms removed");
            }
        }
        for (String placed : result.placedNatives()) {
            out.println("  placed " + placed + " for System.loadLibrary");
        }
        out.println("  size: " + Sizes.of(s.archiveBytes()) + " zipped, " + Sizes.of(s.uncompressedBytes())
                + " unpacked; pruning saved " + Sizes.of(result.bytesSaved()));
        List<String> exceeded = SizeLimits.exceeded(t, s, true);
        exceeded.forEach(problem -> err.println("nativepack jar bundle: " + problem));
        return exceeded.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }

    private int usage(String problem) {
        err.println("nativepack jar bundle: " + problem);
        return ExitCodes.USAGE;
    }
}
