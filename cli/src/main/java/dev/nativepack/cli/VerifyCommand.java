package dev.nativepack.cli;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.core.archive.UnzipException;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.verify.Sandbox;
import dev.nativepack.core.verify.SandboxException;
import dev.nativepack.core.verify.SandboxResult;
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

/** {@code nativepack verify}: run a bundle in a sandbox shaped like the target. */
final class VerifyCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create("verify", this,
            "Run a bundle's entry in a sandbox shaped like the target.",
            "Unpack the archive (entries escaping it are refused) and run its entry with bubblewrap: "
                    + "the task root read-only where the target has it, layers at the layer root, a "
                    + "private /tmp, no network, the runtime's environment, and library directories "
                    + "holding only the target's baseline libraries (taken from this machine, or from "
                    + "--baseline-root). Nothing else of this machine is visible, so a library the bundle "
                    + "lacks fails here with the loader's own message.",
            "%nExamples:",
            "  nativepack verify function.zip --target provided.al2023",
            "  nativepack verify gdal.zip --target azure/debian12 --entry bin/gdalinfo -- --version",
            "  nativepack verify function.zip --target debian11.json --baseline-root /srv/bullseye",
            ExitCodes.HEADING,
            "  0  the entry started (the loader was satisfied) and exited with 0 (or --expect-exit)",
            "  1  the loader refused it, it timed out, or it exited otherwise",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing or damaged archive, bubblewrap missing",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec archive = PositionalParamSpec.builder().index("0").paramLabel("ARCHIVE")
            .arity("1").required(true).type(String.class).description("The bundle (zip, or a directory).").build();
    private final PositionalParamSpec args = PositionalParamSpec.builder().index("1..*").paramLabel("ARGS")
            .arity("0..*").type(List.class).auxiliaryTypes(String.class)
            .description("Arguments for the entry (after --).").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").required(true)
            .type(String.class).description("Target id or target file.").build();
    private final OptionSpec entry = OptionSpec.builder("--entry").paramLabel("PATH").type(String.class)
            .description("The program to run, inside the bundle (default: bootstrap, else the first in bin/).").build();
    private final OptionSpec baselineRoot = OptionSpec.builder("--baseline-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/").description("Where the target's libraries are taken from (default: /).").build();
    private final OptionSpec layers = OptionSpec.builder("--layer").paramLabel("DIR").type(List.class)
            .auxiliaryTypes(Path.class).description("An unpacked layer for the layer root (repeatable).").build();
    private final OptionSpec timeout = OptionSpec.builder("--timeout").paramLabel("SECONDS").type(int.class)
            .defaultValue("60").description("Kill the entry after this many seconds (default: 60).").build();
    private final OptionSpec expectExit = OptionSpec.builder("--expect-exit").paramLabel("CODE").type(int.class)
            .defaultValue("0").description("The exit code that counts as a pass (default: 0).").build();

    VerifyCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        spec.addPositional(archive).addPositional(args).addOption(target).addOption(entry).addOption(baselineRoot)
                .addOption(layers).addOption(timeout).addOption(expectExit);
        new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        TargetChoice.Result choice = TargetChoice.load(target.getValue());
        if (choice.target() == null) {
            err.println("nativepack verify: " + choice.problem());
            return choice.exitCode();
        }
        Target t = choice.target();
        Path bundle = Path.of(archive.<String>getValue());
        Path scratch = null;
        try {
            Path root;
            if (Files.isDirectory(bundle)) {
                root = bundle;
            } else if (Files.isRegularFile(bundle)) {
                scratch = Files.createTempDirectory("nativepack-verify-");
                root = scratch.resolve("task");
                new SafeUnzip().allowingAbsoluteLinks(true).unzip(bundle.toString(), bundle, root);
            } else {
                err.println("nativepack verify: " + bundle + ": no such file or directory");
                return ExitCodes.BAD_INPUT;
            }
            String program = entry.getValue() != null ? entry.getValue() : defaultEntry(root);
            if (program == null || !Files.isRegularFile(root.resolve(program))) {
                err.println("nativepack verify: " + bundle + ": no entry to run" + (program == null ? " (no bootstrap, "
                        + "nothing in bin/; name one with --entry)" : ": " + program + " is not in the bundle"));
                return ExitCodes.BAD_INPUT;
            }
            List<String> arguments = args.getValue() == null ? List.of() : args.getValue();
            List<Path> layerDirs = layers.getValue() == null ? List.of() : layers.getValue();
            int limit = timeout.getValue();
            SandboxResult r = new Sandbox(t, baselineRoot.getValue()).run(root, layerDirs, program, arguments, limit);
            return report(t, program, arguments, r);
        } catch (UnzipException e) {
            err.println("nativepack verify: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (SandboxException e) {
            err.println("nativepack verify: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println("nativepack verify: " + bundle + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            if (scratch != null) {
                FileTrees.delete(scratch);
            }
        }
    }

    private int report(Target t, String program, List<String> arguments, SandboxResult r) {
        String command = program + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
        out.print(r.output());
        if (!r.output().isEmpty() && !r.output().endsWith("\n")) {
            out.println();
        }
        if (!r.missingFromBaseline().isEmpty()) {
            out.println("note: " + r.missingFromBaseline().size() + " of the target's libraries are not on this machine, "
                    + "so the sandbox lacks them too (first: " + r.missingFromBaseline().get(0) + ")");
        }
        int expected = expectExit.getValue();
        if (r.loaderError() != null) {
            out.println("FAIL " + command + " on " + t.id() + ": " + r.loaderError());
            return ExitCodes.NOT_FOUND;
        }
        if (r.timedOut()) {
            out.println("FAIL " + command + " on " + t.id() + ": still running after " + timeout.getValue() + " s");
            return ExitCodes.NOT_FOUND;
        }
        if (r.exitCode() != expected) {
            out.println("FAIL " + command + " on " + t.id() + ": exited with " + r.exitCode() + " (expected " + expected + ")");
            return ExitCodes.NOT_FOUND;
        }
        out.println("PASS " + command + " on " + t.id() + ": the loader was satisfied and it exited with " + r.exitCode());
        return ExitCodes.OK;
    }

    private static String defaultEntry(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve("bootstrap"))) {
            return "bootstrap";
        }
        Path bin = root.resolve("bin");
        if (Files.isDirectory(bin)) {
            try (var files = Files.list(bin)) {
                return files.filter(Files::isRegularFile).map(p -> "bin/" + p.getFileName()).sorted().findFirst()
                        .orElse(null);
            }
        }
        return null;
    }
}
