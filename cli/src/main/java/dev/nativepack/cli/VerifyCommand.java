package dev.nativepack.cli;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.core.archive.UnzipException;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.verify.FunctionConfiguration;
import dev.nativepack.core.verify.LayerStack;
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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code nativepack verify}: run a bundle in a sandbox shaped like the target. */
final class VerifyCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("verify", this,
            "Run a bundle's entry in a sandbox shaped like the target.",
            "Unpack the archive (entries escaping it are refused) and run its entry with bubblewrap: "
                    + "the task root read-only where the target has it, layers at the layer root (/opt on "
                    + "Lambda; layer zips are unpacked as safely as the archive, and several layers are "
                    + "merged in order, a later layer's file replacing an earlier one's, as Lambda does), a "
                    + "private /tmp, no network, the runtime's environment, and library directories "
                    + "holding only the target's baseline libraries (taken from this machine, or from "
                    + "--baseline-root). Nothing else of this machine is visible, so a library the bundle "
                    + "lacks fails here with the loader's own message.",
            "%nExamples:",
            "  nativepack verify function.zip --target provided.al2023",
            "  nativepack verify gdal.zip --target azure/debian12 --entry bin/gdalinfo -- --version",
            "  nativepack verify function.zip --target debian11.json --baseline-root /srv/bullseye",
            "  nativepack verify fn.zip -t provided.al2023 --layer tool.zip --layer conf/",
            ExitCodes.HEADING,
            "  0  the entry started (the loader was satisfied) and exited with 0 (or --expect-exit)",
            "  1  the loader refused it, it timed out, or it exited otherwise",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing or damaged archive or layer, an entry that would be",
            "     unpacked outside (../, absolute, through a link), bubblewrap missing",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec archive = PositionalParamSpec.builder().index("0").paramLabel("ARCHIVE")
            .arity("1").required(true).type(String.class).description("The bundle (zip, or a directory).").build();
    private final PositionalParamSpec args = PositionalParamSpec.builder().index("1..*").paramLabel("ARGS")
            .arity("0..*").type(List.class).auxiliaryTypes(String.class)
            .description("Arguments for the entry (after --).").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").required(true)
            .type(String.class).description("Target id or target file.").build();
    private final OptionSpec entry = OptionSpec.builder("--entry").paramLabel("PATH").type(String.class)
            .description("The program to run: a path inside the bundle (default: bootstrap, else the first in "
                    + "bin/), or an absolute path in the sandbox, such as /opt/bin/tool from a layer.").build();
    private final OptionSpec baselineRoot = OptionSpec.builder("--baseline-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/").description("Where the target's libraries are taken from (default: /).").build();
    private final OptionSpec layers = OptionSpec.builder("--layer").paramLabel("ZIP|DIR").type(List.class)
            .auxiliaryTypes(String.class).description("A layer for the layer root: a layer zip (as bundle --layout "
                    + "layer writes) or an unpacked directory (repeatable; merged in order, later files win).").build();
    private final OptionSpec bind = OptionSpec.builder("--bind").paramLabel("PATH[:DEST]").type(List.class)
            .auxiliaryTypes(String.class).description("Make a file or directory of this machine visible read-only in "
                    + "the sandbox, at DEST (default: the same path): what the target's runtime provides but this "
                    + "machine holds elsewhere, such as an interpreter's standard library (repeatable).").build();
    private final OptionSpec loads = OptionSpec.builder("--loads").type(boolean.class)
            .description("Instead of running the entry, have the target's loader load every ELF program and shared "
                    + "object of the bundle and its layers (ld.so --list, in the sandbox): for layers, extension "
                    + "modules, and programs that need arguments or a runtime to run.").build();
    private final OptionSpec timeout = OptionSpec.builder("--timeout").paramLabel("SECONDS").type(int.class)
            .defaultValue("60").description("Kill the entry after this many seconds (default: 60).").build();
    private final OptionSpec variables = OptionSpec.builder("--env").paramLabel("NAME=VALUE").type(List.class)
            .auxiliaryTypes(String.class).description("An environment variable of the function's configuration "
                    + "(repeatable; it wins over the bundle's nativepack-environment.json); Lambda's reserved names "
                    + "are refused.").build();
    private final OptionSpec noConfiguration = OptionSpec.builder("--no-configuration").type(boolean.class)
            .description("Do not set what the layers' and bundle's nativepack-environment.json ask the function "
                    + "configuration to set (by default verify sets it, as a function configured as told would "
                    + "have it; the bundle's own is left to its bootstrap when bootstrap is the entry).").build();
    private final OptionSpec expectExit = OptionSpec.builder("--expect-exit").paramLabel("CODE").type(int.class)
            .defaultValue("0").description("The exit code that counts as a pass (default: 0).").build();

    VerifyCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(archive).addPositional(args).addOption(target).addOption(entry).addOption(baselineRoot)
                .addOption(layers).addOption(bind).addOption(loads).addOption(timeout).addOption(expectExit)
                .addOption(variables).addOption(noConfiguration);
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
        List<String> layerNames = layers.getValue() == null ? List.of() : layers.getValue();
        if (!layerNames.isEmpty() && t.layout().layerRoot() == null) {
            err.println("nativepack verify: " + t.id() + " has no layers, so --layer cannot be used with it");
            return ExitCodes.USAGE;
        }
        if (!Files.isDirectory(bundle) && !Files.isRegularFile(bundle)) {
            err.println("nativepack verify: " + bundle + ": no such file or directory");
            return ExitCodes.BAD_INPUT;
        }
        for (String name : layerNames) {
            Path layer = Path.of(name);
            if (!Files.isDirectory(layer) && !Files.isRegularFile(layer)) {
                err.println("nativepack verify: " + name + ": no such layer (give a layer zip or a directory)");
                return ExitCodes.BAD_INPUT;
            }
        }
        Map<String, String> configured;
        try {
            configured = ConfiguredVariables.parse(variables.getValue());
        } catch (ConfiguredVariables.Refused e) {
            err.println("nativepack verify: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Map<Path, String> binds = new java.util.LinkedHashMap<>();
        for (String spec : bind.getValue() == null ? List.<String>of() : bind.<List<String>>getValue()) {
            int colon = spec.indexOf(':');
            Path from = Path.of(colon < 0 ? spec : spec.substring(0, colon));
            String to = colon < 0 ? from.toAbsolutePath().normalize().toString() : spec.substring(colon + 1);
            if (!to.startsWith("/") || Path.of(to).normalize().toString().equals("/")) {
                err.println("nativepack verify: --bind " + spec + ": the destination must be an absolute path below /");
                return ExitCodes.USAGE;
            }
            if (!Files.exists(from)) {
                err.println("nativepack verify: --bind " + spec + ": " + from + ": no such file or directory");
                return ExitCodes.BAD_INPUT;
            }
            binds.put(from, Path.of(to).normalize().toString());
        }
        Path scratch = null;
        String subject = bundle.toString(); // what an I/O error is about
        try {
            Path root;
            if (Files.isDirectory(bundle)) {
                root = bundle;
            } else {
                scratch = createScratch();
                root = scratch.resolve("task");
                new SafeUnzip().allowingAbsoluteLinks(true).unzip(bundle.toString(), bundle, root);
            }
            List<Path> layerDirs = new ArrayList<>();
            for (int i = 0; i < layerNames.size(); i++) {
                String name = layerNames.get(i);
                Path layer = Path.of(name);
                subject = name;
                if (Files.isDirectory(layer)) {
                    layerDirs.add(layer);
                } else {
                    if (scratch == null) {
                        scratch = createScratch();
                    }
                    Path unpacked = scratch.resolve("layer-" + (i + 1));
                    new SafeUnzip().allowingAbsoluteLinks(true).unzip(name, layer, unpacked);
                    layerDirs.add(unpacked);
                }
            }
            boolean checkingLoads = spec.commandLine().getParseResult().hasMatchedOption(loads);
            String program = checkingLoads ? null : entry.getValue() != null ? entry.getValue() : defaultEntry(root);
            Map<String, String> environment = new java.util.LinkedHashMap<>();
            if (!spec.commandLine().getParseResult().hasMatchedOption(noConfiguration)) {
                try {
                    environment.putAll(ConfiguredVariables.requested(root, bundle.toString(), layerDirs, layerNames,
                            "bootstrap".equals(program) || (t.layout().taskRoot() + "/bootstrap").equals(program)));
                } catch (IOException e) {
                    err.println("nativepack verify: " + e.getMessage());
                    return ExitCodes.BAD_INPUT;
                }
                if (!environment.isEmpty()) {
                    out.println("note: setting the function configuration the bundle asks for ("
                            + FunctionConfiguration.FILE + "): " + String.join(", ", environment.keySet()));
                }
            }
            environment.putAll(configured);
            if (layerDirs.size() > 1) {
                // One directory at the layer root, as Lambda unpacks every layer into /opt in order.
                if (scratch == null) {
                    scratch = createScratch();
                }
                subject = String.join(", ", layerNames);
                layerDirs = List.of(LayerStack.merge(layerDirs, scratch.resolve("opt")));
            }
            subject = bundle.toString();
            Sandbox sandbox = new Sandbox(t, baselineRoot.getValue(), binds).withConfiguration(environment);
            if (checkingLoads) {
                List<Sandbox.LoadCheck> checks = sandbox.checkLoads(root, layerDirs, timeout.<Integer>getValue());
                return reportLoads(t, checks);
            }
            Path programFile = program == null ? null
                    : Sandbox.locate(t, root, layerDirs.isEmpty() ? null : layerDirs.get(0), program);
            if (programFile == null || !Files.isRegularFile(programFile)) {
                err.println("nativepack verify: " + bundle + ": no entry to run" + (program == null ? " (no bootstrap, "
                        + "nothing in bin/; name one with --entry)" : ": " + program + " is not in the bundle"
                        + (layerNames.isEmpty() ? "" : " or its layers")));
                return ExitCodes.BAD_INPUT;
            }
            List<String> arguments = args.getValue() == null ? List.of() : args.getValue();
            int limit = timeout.getValue();
            SandboxResult r = sandbox.run(root, layerDirs, program, arguments, limit);
            return report(t, program, arguments, r);
        } catch (UnzipException e) {
            err.println("nativepack verify: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (SandboxException e) {
            err.println("nativepack verify: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println("nativepack verify: " + subject + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            if (scratch != null) {
                FileTrees.delete(scratch);
            }
        }
    }

    /** The scratch area for what is unpacked: under $TMPDIR when it names a directory, else the JVM's. */
    private Path createScratch() throws IOException {
        String tmp = environment.variables().get("TMPDIR");
        if (tmp != null && !tmp.isEmpty() && Files.isDirectory(Path.of(tmp))) {
            return Files.createTempDirectory(Path.of(tmp), "nativepack-verify-");
        }
        return Files.createTempDirectory("nativepack-verify-");
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

    private int reportLoads(Target t, List<Sandbox.LoadCheck> checks) {
        if (checks.isEmpty()) {
            out.println("PASS on " + t.id() + ": nothing for the loader (no dynamically linked program or shared object)");
            return ExitCodes.OK;
        }
        int failed = 0;
        for (Sandbox.LoadCheck c : checks) {
            SandboxResult r = c.result();
            if (r.loaderError() != null || r.timedOut() || r.exitCode() != 0) {
                failed++;
                String why = r.loaderError() != null ? r.loaderError() : r.timedOut() ? "the loader did not finish"
                        : "the loader exited with " + r.exitCode() + ": " + r.output().strip().lines().findFirst().orElse("");
                out.println("FAIL " + c.file() + " on " + t.id() + ": " + why);
            }
        }
        List<String> missing = checks.get(0).result().missingFromBaseline();
        if (!missing.isEmpty()) {
            out.println("note: " + missing.size() + " of the target's libraries are not on this machine, "
                    + "so the sandbox lacks them too (first: " + missing.get(0) + ")");
        }
        if (failed > 0) {
            out.println("FAIL " + failed + " of " + checks.size() + " ELF files do not load on " + t.id());
            return ExitCodes.NOT_FOUND;
        }
        out.println("PASS all " + checks.size() + " ELF files load on " + t.id() + " (the target's loader was satisfied)");
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
