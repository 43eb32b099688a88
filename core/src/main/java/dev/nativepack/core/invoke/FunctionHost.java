package dev.nativepack.core.invoke;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.verify.Sandbox;
import dev.nativepack.core.verify.SandboxException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment of a function, as Lambda runs it: the {@code bootstrap} started in the
 * target-shaped sandbox behind a {@link RuntimeApiServer} on the first invocation (a cold start,
 * init limited to 10 s), later invocations delivered to the same process (warm), each limited to
 * the function's timeout; a timeout or a runtime that exits ends the environment, and the next
 * invocation starts a new one. The runtime's output goes to {@code logs}, with a START, END and
 * REPORT line per invocation like Lambda's.
 */
public final class FunctionHost implements AutoCloseable {
    /** Lambda's limit on the init phase of an on-demand function. */
    static final long INIT_LIMIT_MILLIS = 10_000;
    /** A cold init longer than this is looked into: how much of it is the dynamic loader's. */
    static final long SLOW_INIT_MILLIS = 1_000;
    /** Where Lambda looks for a custom runtime, in order (research/lambda.md §3.7). */
    private static final List<String> BOOTSTRAPS = List.of("/var/task/bootstrap", "/opt/bootstrap");

    /**
     * @param taskRoot       the unpacked function, mounted read-only at the target's task root
     * @param layer          the unpacked (merged) layers for the layer root, or null
     * @param baselineRoot   where the target's libraries are taken from (usually /)
     * @param timeoutSeconds the function timeout (1 to 900 on Lambda)
     * @param memoryMb       the function's memory size
     * @param variables      the function's own environment variables (its configuration), set after Lambda's
     */
    public record Config(Target target, Path taskRoot, Path layer, Path baselineRoot, int timeoutSeconds, int memoryMb,
                         String functionName, String handler, Map<String, String> variables) {
    }

    /** An invocation's result and its REPORT. */
    public record Outcome(InvokeResult result, Report report) {
    }

    /** What Lambda's REPORT line says of an invocation. */
    public record Report(String requestId, double durationMillis, long billedMillis, int memoryMb, long maxMemoryUsedMb,
                         Double initDurationMillis) {
        public String line() {
            StringBuilder b = new StringBuilder("REPORT RequestId: ").append(requestId)
                    .append("\tDuration: ").append(String.format(Locale.ROOT, "%.2f", durationMillis)).append(" ms")
                    .append("\tBilled Duration: ").append(billedMillis).append(" ms")
                    .append("\tMemory Size: ").append(memoryMb).append(" MB")
                    .append("\tMax Memory Used: ").append(maxMemoryUsedMb).append(" MB");
            if (initDurationMillis != null) {
                b.append("\tInit Duration: ").append(String.format(Locale.ROOT, "%.2f", initDurationMillis)).append(" ms");
            }
            return b.append('\t').toString();
        }
    }

    private final Config config;
    private final PrintStream logs;
    private final Sandbox sandbox;
    private RuntimeApiServer api;
    private Process process;
    private MemoryCgroup cgroup;
    private Thread logPump;
    private volatile boolean readOnlyWriteSeen;

    public FunctionHost(Config config, PrintStream logs) {
        this.config = config;
        this.logs = logs;
        this.sandbox = new Sandbox(config.target(), config.baselineRoot());
    }

    /** Delivers one event: cold when no runtime is running, warm otherwise. */
    public Outcome invoke(InvokeRequest request) throws SandboxException, IOException {
        return invoke(request, null);
    }

    /**
     * As {@link #invoke(InvokeRequest)}, and a streamed response goes to {@code streamListener} as it
     * arrives (see {@link RuntimeApiServer#invoke(InvokeRequest, ResponseStreamListener)}).
     */
    public Outcome invoke(InvokeRequest request, ResponseStreamListener streamListener)
            throws SandboxException, IOException {
        Double initMillis = null;
        if (process == null || !process.isAlive()) {
            stop();
            long started = System.nanoTime();
            InvokeResult failed = startRuntime();
            double elapsed = (System.nanoTime() - started) / 1e6;
            if (failed != null) {
                Outcome outcome = finish(failed, elapsed, elapsed);
                stop();
                return outcome;
            }
            initMillis = elapsed;
        }
        Outcome outcome = deliver(request, streamListener, initMillis);
        if (initMillis != null && initMillis > SLOW_INIT_MILLIS) {
            explainSlowInit(initMillis);
        }
        return outcome;
    }

    private Outcome deliver(InvokeRequest request, ResponseStreamListener streamListener, Double initMillis)
            throws IOException {
        long started = System.nanoTime();
        RuntimeApiServer.Invocation invocation = api.invoke(request, streamListener);
        logs.println("START RequestId: " + invocation.requestId() + " Version: $LATEST");
        InvokeResult result;
        try {
            result = invocation.result().get(config.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            api.abort("Sandbox.Timedout", "RequestId: " + invocation.requestId() + " Error: Task timed out after "
                    + config.timeoutSeconds() + ".00 seconds");
            result = join(invocation.result());
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IOException("interrupted while the function ran");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        double duration = (System.nanoTime() - started) / 1e6;
        if (process != null && !process.isAlive()) {
            stop();
        }
        return finish(result, duration, initMillis);
    }

    private Outcome finish(InvokeResult result, double durationMillis, Double initMillis) {
        long billed = (long) Math.ceil(durationMillis + (initMillis != null && custom() ? initMillis : 0));
        long peak = peakMemoryMb();
        Report report = new Report(result.requestId(), durationMillis, billed, config.memoryMb(), peak,
                initMillis);
        logs.println("END RequestId: " + result.requestId());
        logs.println(report.line());
        if (readOnlyWriteSeen) {
            logs.println("nativepack: the function tried to write where Lambda allows no writes; only /tmp is writable "
                    + "on Lambda (the task root " + config.target().layout().taskRoot() + " and /opt are read-only)");
            readOnlyWriteSeen = false;
        }
        return new Outcome(result, report);
    }

    /**
     * Starts the runtime once more with {@code LD_DEBUG=statistics} against a throwaway API, until
     * its init ends, and says how much of the init was the dynamic loader's (mapping and relocating
     * libraries) and how much the program's own.
     */
    private void explainSlowInit(double initMillis) {
        Path bootstrapFile = locateBootstrap();
        if (bootstrapFile == null) {
            return;
        }
        StringBuilder output = new StringBuilder();
        Process p = null;
        try (RuntimeApiServer probe = RuntimeApiServer.start(LambdaEnvironment.functionArn(config.functionName()),
                config.timeoutSeconds() * 1000L)) {
            Map<String, String> env = LambdaEnvironment.of(config.target(), probe.address(), config.functionName(),
                    config.handler(), config.memoryMb());
            env.putAll(config.variables());
            env.put("LD_DEBUG", "statistics");
            long started = System.nanoTime();
            p = sandbox.start(config.taskRoot(), config.layer(), bootstrapFile, bootstrapName(bootstrapFile), env, true,
                    List.of());
            Process running = p;
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // What was read is enough, or nothing can be said.
                }
            }, "nativepack-init-profile");
            reader.setDaemon(true);
            reader.start();
            CompletableFuture.anyOf(probe.initDone(), p.onExit()).get(INIT_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            double profiled = (System.nanoTime() - started) / 1e6;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(2000);
            LoaderStatistics stats = LoaderStatistics.parse(output.toString());
            if (stats == null) {
                logs.println("nativepack: init took " + String.format(Locale.ROOT, "%.0f", initMillis)
                        + " ms; the loader gave no statistics (not glibc's loader?)");
                return;
            }
            double loader = stats.millis(LoaderStatistics.cpuMegahertz());
            logs.println(String.format(Locale.ROOT, "nativepack: init took %.0f ms. Started again with "
                    + "LD_DEBUG=statistics (%.0f ms to the first /next), the dynamic loader took about %.1f ms "
                    + "(relocation %.1f%%, loading objects %.1f%%) and the program's own initialisation the rest, "
                    + "about %.0f ms.", initMillis, profiled, loader, stats.relocationPercent(), stats.loadPercent(),
                    Math.max(0, profiled - loader)));
        } catch (IOException | SandboxException | ExecutionException | TimeoutException e) {
            logs.println("nativepack: init took " + String.format(Locale.ROOT, "%.0f", initMillis)
                    + " ms; looking into it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    private Path locateBootstrap() {
        for (String candidate : BOOTSTRAPS) {
            Path file = Sandbox.locate(config.target(), config.taskRoot(), config.layer(), candidate);
            if (file != null && Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private String bootstrapName(Path file) {
        for (String candidate : BOOTSTRAPS) {
            if (file.equals(Sandbox.locate(config.target(), config.taskRoot(), config.layer(), candidate))) {
                return candidate;
            }
        }
        return BOOTSTRAPS.get(0);
    }

    /** Custom runtimes are billed for their init too. */
    private boolean custom() {
        String runtime = LambdaEnvironment.runtimeName(config.target());
        return runtime == null || runtime.startsWith("provided");
    }

    /** Starts the runtime and waits for its init; the failure as the first invocation would see it, or null. */
    private InvokeResult startRuntime() throws SandboxException, IOException {
        String bootstrap = null;
        Path bootstrapFile = null;
        for (String candidate : BOOTSTRAPS) {
            Path file = Sandbox.locate(config.target(), config.taskRoot(), config.layer(), candidate);
            if (file != null && Files.isRegularFile(file)) {
                bootstrap = candidate;
                bootstrapFile = file;
                break;
            }
        }
        if (bootstrap == null) {
            return platformError("Runtime.InvalidEntrypoint", "Couldn't find valid bootstrap(s): " + BOOTSTRAPS);
        }
        if (!Files.isExecutable(bootstrapFile)) {
            return platformError("Runtime.InvalidEntrypoint", "fork/exec " + bootstrap + ": permission denied");
        }
        api = RuntimeApiServer.start(LambdaEnvironment.functionArn(config.functionName()),
                config.timeoutSeconds() * 1000L);
        Map<String, String> env = LambdaEnvironment.of(config.target(), api.address(), config.functionName(),
                config.handler(), config.memoryMb());
        env.putAll(config.variables());
        cgroup = MemoryCgroup.create((long) config.memoryMb() << 20);
        List<String> prefix = cgroup == null ? List.of() : cgroup.prefix();
        process = sandbox.start(config.taskRoot(), config.layer(), bootstrapFile, bootstrap, env, true, prefix);
        pumpLogs(process);
        Process running = process;
        RuntimeApiServer itsApi = api;
        // This environment's API only: a later environment has its own.
        process.onExit().thenRun(() -> itsApi.abort("Runtime.ExitError", "Runtime exited with error: "
                + exitStatus(running)));
        CompletableFuture<Object> initOrExit = CompletableFuture.anyOf(api.initDone(), process.onExit());
        try {
            initOrExit.get(INIT_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return platformError("Sandbox.Timedout", "Init timed out after " + INIT_LIMIT_MILLIS / 1000 + ".00 seconds");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the function started");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (api.initDone().isDone() && Boolean.TRUE.equals(api.initDone().getNow(false))) {
            return null;
        }
        if (api.initError() != null) {
            // A runtime reporting an init error exits by itself; its last words belong in the log.
            waitQuietly(process);
            if (logPump != null) {
                try {
                    logPump.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return api.initError();
        }
        waitQuietly(process);
        return platformError("Runtime.ExitError", "Runtime exited with error: " + exitStatus(process));
    }

    private String exitStatus(Process p) {
        if (cgroup != null && cgroup.oomKilled()) {
            return "signal: killed (out of memory: the function used more than its " + config.memoryMb() + " MB)";
        }
        int code = p.exitValue();
        // bwrap reports a signal as 128 + its number, as a shell does.
        return code > 128 ? "signal: " + signalName(code - 128) : "exit status " + code;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 6 -> "aborted";
            case 15 -> "terminated";
            default -> "signal " + signal;
        };
    }

    private static InvokeResult platformError(String type, String message) {
        return InvokeResult.platformError(java.util.UUID.randomUUID().toString(), type, message);
    }

    private void pumpLogs(Process p) {
        logPump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.contains("Read-only file system")) {
                        readOnlyWriteSeen = true;
                    }
                    logs.println(line);
                }
            } catch (IOException e) {
                // The process is gone; its last words were already printed.
            }
        }, "nativepack-function-logs");
        logPump.setDaemon(true);
        logPump.start();
    }

    private long peakMemoryMb() {
        long bytes = cgroup != null ? cgroup.peakBytes() : -1;
        if (bytes < 0 && process != null) {
            bytes = ProcessMemory.peakBytes(process.toHandle());
        }
        return bytes < 0 ? 0 : (bytes + (1 << 20) - 1) >> 20;
    }

    private static InvokeResult join(CompletableFuture<InvokeResult> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("an aborted invocation did not end", e);
        }
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the execution environment: the runtime is killed (SIGKILL: no extensions to wait for). */
    private void stop() {
        Process p = process;
        process = null;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            waitQuietly(p);
        }
        if (logPump != null) {
            try {
                logPump.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            logPump = null;
        }
        if (api != null) {
            api.close();
            api = null;
        }
        if (cgroup != null) {
            cgroup.close();
            cgroup = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
