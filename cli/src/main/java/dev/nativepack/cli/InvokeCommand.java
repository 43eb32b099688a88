package dev.nativepack.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.core.archive.UnzipException;
import dev.nativepack.core.invoke.FunctionHost;
import dev.nativepack.core.invoke.InvokeRequest;
import dev.nativepack.core.invoke.InvokeResult;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.verify.LayerStack;
import dev.nativepack.core.verify.SandboxException;
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

/** {@code nativepack invoke}: run a function zip locally behind the Lambda Runtime API, in the target's sandbox. */
final class InvokeCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("invoke", this,
            "Run a function locally behind the Lambda Runtime API, without Docker.",
            "Unpack the function (and its layers, at /opt), start its bootstrap in the sandbox verify uses, "
                    + "with the environment Lambda sets and AWS_LAMBDA_RUNTIME_API pointing at an emulator "
                    + "of the Runtime API, and deliver the events in order: the first to a cold start (init "
                    + "limited to 10 s), the rest to the same process. Responses go to standard output, one "
                    + "per line; the function's logs, with START, END and REPORT lines like Lambda's, to "
                    + "standard error. A timeout kills the runtime (\"Task timed out after N.00 seconds\"); a "
                    + "runtime that exits is reported as Runtime.ExitError, a missing or non-executable "
                    + "bootstrap as Runtime.InvalidEntrypoint.",
            "%nExamples:",
            "  nativepack invoke function.zip --event event.json",
            "  echo '{\"n\": 3}' | nativepack invoke function.zip --event - --timeout 10 --memory 512",
            "  nativepack invoke function.zip --layer deps.zip --event a.json --event b.json",
            ExitCodes.HEADING,
            "  0  every event got a response",
            "  1  the function or the platform reported an error for an event",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing or damaged archive or layer, an event that is not JSON,",
            "     bubblewrap missing",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec archive = PositionalParamSpec.builder().index("0").paramLabel("ARCHIVE")
            .arity("1").required(true).type(String.class).description("The function (zip, or a directory).").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").type(String.class)
            .description("Target id or file (default: the one in the archive's nativepack.json, else "
                    + "provided.al2023).").build();
    private final OptionSpec layers = OptionSpec.builder("--layer").paramLabel("ZIP|DIR").type(List.class)
            .auxiliaryTypes(String.class).description("A layer for /opt (repeatable; merged in order).").build();
    private final OptionSpec events = OptionSpec.builder("--event", "-e").paramLabel("FILE|-").type(List.class)
            .auxiliaryTypes(String.class).description("An event, JSON, from a file or - for standard input "
                    + "(repeatable; default: {}).").build();
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
    private final OptionSpec baselineRoot = OptionSpec.builder("--baseline-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/").description("Where the target's libraries are taken from (default: /).").build();

    InvokeCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(archive).addOption(target).addOption(layers).addOption(events).addOption(timeout)
                .addOption(memory).addOption(handler).addOption(variables).addOption(baselineRoot);
        new ColourOptions(spec);
    }

    /** What Lambda sets itself and refuses in a function's configuration (research/lambda.md §3.6). */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        int seconds = timeout.<Integer>getValue();
        int mb = memory.<Integer>getValue();
        if (seconds < 1 || seconds > 900) {
            err.println("nativepack invoke: --timeout must be 1 to 900 seconds, not " + seconds);
            return ExitCodes.USAGE;
        }
        if (mb < 128 || mb > 10240) {
            err.println("nativepack invoke: --memory must be 128 to 10240 MB, not " + mb);
            return ExitCodes.USAGE;
        }
        java.util.Map<String, String> configured = new java.util.LinkedHashMap<>();
        for (String pair : variables.getValue() == null ? List.<String>of() : variables.<List<String>>getValue()) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (eq <= 0 || !key.matches("[A-Za-z][A-Za-z0-9_]*")) {
                err.println("nativepack invoke: --env " + pair + ": give NAME=VALUE (a name of letters, digits and _)");
                return ExitCodes.USAGE;
            }
            if (RESERVED.contains(key) || key.startsWith("AWS_LAMBDA_")) {
                err.println("nativepack invoke: --env " + key + ": reserved by Lambda, which does not let a function set it");
                return ExitCodes.USAGE;
            }
            configured.put(key, pair.substring(eq + 1));
        }
        Path bundle = Path.of(archive.<String>getValue());
        if (!Files.isDirectory(bundle) && !Files.isRegularFile(bundle)) {
            err.println("nativepack invoke: " + bundle + ": no such file or directory");
            return ExitCodes.BAD_INPUT;
        }
        List<String> layerNames = layers.getValue() == null ? List.of() : layers.getValue();
        for (String name : layerNames) {
            if (!Files.isDirectory(Path.of(name)) && !Files.isRegularFile(Path.of(name))) {
                err.println("nativepack invoke: " + name + ": no such layer (give a layer zip or a directory)");
                return ExitCodes.BAD_INPUT;
            }
        }
        List<byte[]> payloads = new ArrayList<>();
        List<String> eventNames = events.getValue() == null ? List.of() : events.getValue();
        for (String name : eventNames) {
            try {
                byte[] event = name.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(name));
                String problem = jsonProblem(event);
                if (problem != null) {
                    err.println("nativepack invoke: " + (name.equals("-") ? "standard input" : name)
                            + ": the event is not JSON (" + problem + ")");
                    return ExitCodes.BAD_INPUT;
                }
                payloads.add(event);
            } catch (IOException e) {
                err.println("nativepack invoke: " + name + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file" : e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
        if (payloads.isEmpty()) {
            payloads.add("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path scratch = null;
        String subject = bundle.toString();
        try {
            Path root;
            if (Files.isDirectory(bundle)) {
                root = bundle;
            } else {
                scratch = Files.createTempDirectory("nativepack-invoke-");
                root = scratch.resolve("task");
                new SafeUnzip().allowingAbsoluteLinks(true).unzip(bundle.toString(), bundle, root);
            }
            TargetChoice.Result choice = TargetChoice.load(target.getValue() != null ? target.getValue()
                    : targetOf(root));
            if (choice.target() == null) {
                err.println("nativepack invoke: " + choice.problem());
                return choice.exitCode();
            }
            Target t = choice.target();
            Path layer = null;
            if (!layerNames.isEmpty()) {
                if (scratch == null) {
                    scratch = Files.createTempDirectory("nativepack-invoke-");
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
                layer = dirs.size() == 1 ? dirs.get(0) : LayerStack.merge(dirs, scratch.resolve("opt"));
                subject = bundle.toString();
            }
            String name = functionName(bundle);
            FunctionHost.Config config = new FunctionHost.Config(t, root, layer, baselineRoot.getValue(), seconds, mb,
                    name, handler.getValue(), configured);
            int failures = 0;
            try (FunctionHost host = new FunctionHost(config, err)) {
                for (byte[] payload : payloads) {
                    FunctionHost.Outcome o = host.invoke(InvokeRequest.json(payload));
                    InvokeResult r = o.result();
                    out.write(r.body());
                    out.println();
                    out.flush();
                    if (r.failed()) {
                        failures++;
                    }
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        } catch (UnzipException e) {
            err.println("nativepack invoke: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (SandboxException e) {
            err.println("nativepack invoke: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println("nativepack invoke: " + subject + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            if (scratch != null) {
                FileTrees.delete(scratch);
            }
        }
    }

    /** The target a bundle was made for (its nativepack.json), else provided.al2023. */
    private static String targetOf(Path root) {
        Path manifest = root.resolve("nativepack.json");
        if (Files.isRegularFile(manifest)) {
            try (JsonParser p = new JsonFactory().createParser(manifest.toFile())) {
                while (p.nextToken() != null) {
                    if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && "target".equals(p.currentName())
                            && p.getParsingContext().getParent().inRoot()) {
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
    private static String jsonProblem(byte[] bytes) {
        try (JsonParser p = new JsonFactory().createParser(bytes)) {
            if (p.nextToken() == null) {
                return "it is empty";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "more than one value";
            }
            return null;
        } catch (JsonParseException e) {
            return e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
