package dev.nativepack.cli;

import dev.nativepack.core.invoke.FunctionHost;
import dev.nativepack.core.invoke.InvokeRequest;
import dev.nativepack.core.invoke.InvokeResult;
import dev.nativepack.core.invoke.ResponseStreamListener;
import dev.nativepack.core.verify.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
    private final OptionSpec events = OptionSpec.builder("--event", "-e").paramLabel("FILE|-").type(List.class)
            .auxiliaryTypes(String.class).description("An event, JSON, from a file or - for standard input "
                    + "(repeatable; default: {}).").build();
    private final FunctionOptions function;

    InvokeCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        function = new FunctionOptions("invoke", spec);
        spec.addOption(events);
        new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        List<byte[]> payloads;
        try {
            payloads = payloads();
        } catch (FunctionOptions.Refused r) {
            return r.exitCode;
        }
        try (FunctionOptions.Opened opened = function.open(err);
             FunctionHost host = new FunctionHost(opened.config(), err)) {
            int failures = 0;
            for (byte[] payload : payloads) {
                StreamToStdout stream = new StreamToStdout();
                InvokeResult r = host.invoke(InvokeRequest.json(payload), stream).result();
                if (stream.begun() && r.failed()) {
                    // The stream is already out; its error is not part of the response.
                    out.println();
                    out.flush();
                    err.println("nativepack invoke: the streamed response of " + r.requestId() + " ended with "
                            + r.errorType() + ": " + new String(r.body(), StandardCharsets.UTF_8));
                } else {
                    out.write(r.body());
                    out.println();
                    out.flush();
                }
                if (r.failed()) {
                    failures++;
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        } catch (FunctionOptions.Refused r) {
            return r.exitCode;
        } catch (SandboxException e) {
            err.println("nativepack invoke: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println("nativepack invoke: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** Writes a streamed response to standard output as the runtime sends it. */
    private final class StreamToStdout implements ResponseStreamListener {
        private volatile boolean begun;

        @Override
        public void begin(String requestId, String contentType) {
            begun = true;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            out.write(bytes, offset, length);
            out.flush();
        }

        boolean begun() {
            return begun;
        }
    }

    private List<byte[]> payloads() throws FunctionOptions.Refused {
        List<byte[]> payloads = new ArrayList<>();
        List<String> eventNames = events.getValue() == null ? List.of() : events.getValue();
        for (String name : eventNames) {
            String shown = name.equals("-") ? "standard input" : name;
            byte[] event;
            try {
                event = name.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(name));
            } catch (IOException e) {
                throw function.refuse(err, ExitCodes.BAD_INPUT, shown + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
            if (event.length > 6 * 1024 * 1024) {
                throw function.refuse(err, ExitCodes.BAD_INPUT, shown + ": the event is " + event.length
                        + " bytes; Lambda takes at most 6291456 for a synchronous invocation");
            }
            String problem = FunctionOptions.jsonProblem(event);
            if (problem != null) {
                throw function.refuse(err, ExitCodes.BAD_INPUT, shown + ": the event is not JSON (" + problem + ")");
            }
            payloads.add(event);
        }
        if (payloads.isEmpty()) {
            payloads.add("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return payloads;
    }
}
