package dev.nativepack.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.core.archive.UnzipException;
import dev.nativepack.core.invoke.FunctionHost;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.verify.FunctionConfiguration;
import dev.nativepack.core.verify.LayerStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What {@code invoke} and {@code serve} share: the function (archive, layers, target) and its
 * configuration (timeout, memory, handler, variables), checked and unpacked into a scratch
 * directory that {@link Opened#close} removes.
 */
final class FunctionOptions {
    private final String command;
    private final PositionalParamSpec archive = PositionalParamSpec.builder().index("0").paramLabel("ARCHIVE")
            .arity("1").required(true).type(String.class).description("The function (zip, or a directory).").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").type(String.class)
            .description("Target id or file (default: the one in the archive's nativepack.json, else "
                    + "provided.al2023).").build();
    private final OptionSpec layers = OptionSpec.builder("--layer").paramLabel("ZIP|DIR").type(List.class)
            .auxiliaryTypes(String.class).description("A layer for /opt (repeatable; merged in order).").build();
    private final OptionSpec timeout = OptionSpec.builder("--timeout").paramLabel("SECONDS").type(int.class)
            .defaultValue("3").description("The function timeout, 1 to 900 (default: 3, Lambda's).").build();
    private final OptionSpec memory = OptionSpec.builder("--memory").paramLabel("MB").type(int.class)
            .defaultValue("128").description("The memory size, 128 to 10240 (default: 128); a hard limit where "
                    + "this machine allows a memory cgroup.").build();
    private final OptionSpec handler = OptionSpec.builder("--handler").paramLabel("NAME").type(String.class)
            .defaultValue("function.handler").description("What _HANDLER says (default: function.handler).").build();
    private final OptionSpec variables = OptionSpec.builder("--env").paramLabel("NAME=VALUE").type(List.class)
            .auxiliaryTypes(String.class).description("An environment variable of the function's configuration "
                    + "(repeatable); Lambda's reserved names are refused.").build();
    private final OptionSpec noConfiguration = OptionSpec.builder("--no-configuration").type(boolean.class)
            .description("Do not set what the layers' nativepack-environment.json ask the function configuration "
                    + "to set (set by default, as a function configured as told would have it).").build();
    private final OptionSpec baselineRoot = OptionSpec.builder("--baseline-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/").description("Where the target's libraries are taken from (default: /).").build();

    FunctionOptions(String command, CommandSpec spec) {
        this.command = command;
        spec.addPositional(archive).addOption(target).addOption(layers).addOption(timeout).addOption(memory)
                .addOption(handler).addOption(variables).addOption(baselineRoot).addOption(noConfiguration);
    }

    /** The function unpacked and configured; close removes what was unpacked. */
    record Opened(FunctionHost.Config config, Path scratch) implements AutoCloseable {
        @Override
        public void close() {
            if (scratch != null) {
                FileTrees.delete(scratch);
            }
        }
    }

    /** A problem as the exit code to return, its one line already printed. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Refused(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** Checks the options and unpacks the function; one line on {@code err} and {@link Refused} when that fails. */
    Opened open(PrintStream err) throws Refused {
        int seconds = timeout.<Integer>getValue();
        int mb = memory.<Integer>getValue();
        if (seconds < 1 || seconds > 900) {
            throw refuse(err, ExitCodes.USAGE, "--timeout must be 1 to 900 seconds, not " + seconds);
        }
        if (mb < 128 || mb > 10240) {
            throw refuse(err, ExitCodes.USAGE, "--memory must be 128 to 10240 MB, not " + mb);
        }
        Map<String, String> configured = variables(err);
        Path bundle = Path.of(archive.<String>getValue());
        if (!Files.isDirectory(bundle) && !Files.isRegularFile(bundle)) {
            throw refuse(err, ExitCodes.BAD_INPUT, bundle + ": no such file or directory");
        }
        List<String> layerNames = layers.getValue() == null ? List.of() : layers.getValue();
        for (String name : layerNames) {
            if (!Files.isDirectory(Path.of(name)) && !Files.isRegularFile(Path.of(name))) {
                throw refuse(err, ExitCodes.BAD_INPUT, name + ": no such layer (give a layer zip or a directory)");
            }
        }
        Path scratch = null;
        String subject = bundle.toString();
        try {
            Path root = bundle;
            if (!Files.isDirectory(bundle)) {
                scratch = Files.createTempDirectory("nativepack-" + command + "-");
                root = scratch.resolve("task");
                new SafeUnzip().allowingAbsoluteLinks(true).unzip(bundle.toString(), bundle, root);
            }
            TargetChoice.Result choice = TargetChoice.load(target.getValue() != null ? target.getValue() : targetOf(root));
            if (choice.target() == null) {
                throw refuse(err, choice.exitCode(), choice.problem());
            }
            Target t = choice.target();
            Path layer = null;
            if (!layerNames.isEmpty()) {
                if (scratch == null) {
                    scratch = Files.createTempDirectory("nativepack-" + command + "-");
                }
                List<Path> dirs = new ArrayList<>();
                for (int i = 0; i < layerNames.size(); i++) {
                    Path l = Path.of(layerNames.get(i));
                    subject = layerNames.get(i);
                    if (Files.isDirectory(l)) {
                        dirs.add(l);
                    } else {
                        Path unpacked = scratch.resolve("layer-" + (i + 1));
                        new SafeUnzip().allowingAbsoluteLinks(true).unzip(layerNames.get(i), l, unpacked);
                        dirs.add(unpacked);
                    }
                }
                if (!Boolean.TRUE.equals(noConfiguration.getValue())) {
                    // The function's own bootstrap sets what its bundle needs; a layer cannot.
                    Map<String, String> requested;
                    try {
                        requested = ConfiguredVariables.requested(root, bundle.toString(), dirs, layerNames, true);
                    } catch (IOException e) {
                        throw refuse(err, ExitCodes.BAD_INPUT, e.getMessage());
                    }
                    if (!requested.isEmpty()) {
                        err.println("nativepack " + command + ": note: setting the function configuration the layers "
                                + "ask for (" + FunctionConfiguration.FILE + "): " + String.join(", ", requested.keySet()));
                    }
                    requested.putAll(configured);
                    configured = requested;
                }
                layer = dirs.size() == 1 ? dirs.get(0) : LayerStack.merge(dirs, scratch.resolve("opt"));
            }
            FunctionHost.Config config = new FunctionHost.Config(t, root, layer, baselineRoot.getValue(), seconds, mb,
                    functionName(bundle), handler.getValue(), configured);
            return new Opened(config, scratch);
        } catch (UnzipException e) {
            FileTrees.delete(scratch);
            throw refuse(err, ExitCodes.BAD_INPUT, e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            FileTrees.delete(scratch);
            throw refuse(err, ExitCodes.BAD_INPUT, subject + ": " + e.getMessage());
        } catch (Refused r) {
            FileTrees.delete(scratch);
            throw r;
        }
    }

    private Map<String, String> variables(PrintStream err) throws Refused {
        try {
            return ConfiguredVariables.parse(variables.getValue());
        } catch (ConfiguredVariables.Refused e) {
            throw refuse(err, ExitCodes.USAGE, e.getMessage());
        }
    }

    Refused refuse(PrintStream err, int exitCode, String message) {
        err.println("nativepack " + command + ": " + message);
        return new Refused(exitCode);
    }

    /** The target a bundle was made for (its nativepack.json), else provided.al2023. */
    private static String targetOf(Path root) {
        Path manifest = root.resolve("nativepack.json");
        if (Files.isRegularFile(manifest)) {
            try (JsonParser p = new JsonFactory().createParser(manifest.toFile())) {
                while (p.nextToken() != null) {
                    if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                            && "target".equals(p.currentName()) && p.getParsingContext().getParent().inRoot()) {
                        p.nextToken();
                        return p.getValueAsString();
                    }
                }
            } catch (IOException e) {
                // A damaged manifest names no target; the default applies.
            }
        }
        return "provided.al2023";
    }

    private static String functionName(Path bundle) {
        String file = bundle.toAbsolutePath().normalize().getFileName().toString();
        String base = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
        String clean = base.replaceAll("[^A-Za-z0-9_-]", "-");
        return clean.isEmpty() ? "function" : clean;
    }

    /** Null when {@code bytes} is one JSON value, else what is wrong. */
    static String jsonProblem(byte[] bytes) {
        try (JsonParser p = new JsonFactory().createParser(bytes)) {
            if (p.nextToken() == null) {
                return "it is empty";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "more than one value";
            }
            return null;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
