package dev.nativepack.cli;

import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.jar.JarInputException;
import dev.nativepack.core.jar.JarPruner;
import dev.nativepack.core.jar.PruneRefusedException;
import dev.nativepack.core.jar.PruneResult;
import dev.nativepack.core.report.JarJson;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack jar prune}: a jar without the natives for other platforms than the target's. */
final class JarPruneCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create("prune", this,
            "Write a jar without the natives for other platforms than the target's.",
            "Drop every native built for another operating system, architecture or C library than the "
                    + "target's, in the jar and in the jars nested in it. Everything else is copied byte for "
                    + "byte in its order (nothing is recompressed), so the same input gives the same output; a "
                    + "nested jar that loses natives is rewritten with its compression method (a STORED one "
                    + "stays STORED, with its new CRC, as Spring Boot requires). A native whose platform cannot "
                    + "be told is kept, with a warning. The output is written to a temporary file beside it "
                    + "and renamed.",
            "%nSigned jars (META-INF/*.SF with .RSA, .DSA or .EC): removing entries leaves the manifest",
            "naming files that are gone, so a signed input is refused and a signed nested jar kept as it is,",
            "unless --allow-signed. The remaining entries still verify, and the signature files are kept.",
            "%n--extract-natives DIR also writes the target's native of each library whose loader tries",
            "System.loadLibrary before extracting to /tmp (zstd-jni), under the name it looks for: with DIR",
            "on java.library.path (on Lambda, /var/task/lib), the cold start skips the extraction.",
            "%nExamples:",
            "  nativepack jar prune build/libs/app.jar --target java21 -o build/app.jar",
            "  nativepack jar prune zstd-jni-1.5.7-21.jar --target aws-lambda/java17/arm64 -o zstd.jar \\",
            "      --extract-natives build/function/lib",
            ExitCodes.HEADING,
            "  0  written",
            "  1  refused: the input is signed and would lose natives (see --allow-signed)",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing file, not a jar, a truncated or damaged jar, a hostile entry name,",
            "     an output that cannot be written",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec input = PositionalParamSpec.builder().paramLabel("INPUT").arity("1")
            .required(true).type(String.class).description("The jar or zip to prune.").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").required(true)
            .type(String.class).description("Target id (e.g. java21, aws-lambda/java17/arm64) or target file.")
            .build();
    private final OptionSpec output = OptionSpec.builder("-o", "--output").paramLabel("OUTPUT").required(true)
            .type(Path.class).description("The jar to write.").build();
    private final OptionSpec allowSigned = OptionSpec.builder("--allow-signed").type(boolean.class)
            .description("Prune signed jars too (their signature files are kept).").build();
    private final OptionSpec extract = OptionSpec.builder("--extract-natives").paramLabel("DIR").type(Path.class)
            .description("Also write the target's native of libraries that call System.loadLibrary first into DIR.")
            .build();
    private final OptionSpec json = OptionSpec.builder("--json").type(boolean.class)
            .description("Print JSON instead of text.").build();

    JarPruneCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        spec.addPositional(input).addOption(target).addOption(output).addOption(allowSigned).addOption(extract)
                .addOption(json);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        TargetChoice.Result chosen = TargetChoice.load(target.getValue());
        if (chosen.target() == null) {
            err.println("nativepack jar prune: " + chosen.problem());
            return chosen.exitCode();
        }
        Target t = chosen.target();
        PruneResult result;
        try {
            result = new JarPruner(t, new JarPruner.Options(parsed.hasMatchedOption(allowSigned), extract.getValue()))
                    .prune(input.getValue(), output.getValue());
        } catch (PruneRefusedException e) {
            err.println("nativepack jar prune: " + e.getMessage());
            return ExitCodes.NOT_FOUND;
        } catch (JarInputException | ArchiveWriteException | IOException | UncheckedIOException e) {
            err.println("nativepack jar prune: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        out.print(parsed.hasMatchedOption(json) ? JarJson.render(result) : JarText.render(result));
        return ExitCodes.OK;
    }
}
