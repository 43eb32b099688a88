package dev.nativepack.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nativepack.core.invoke.FunctionHost;
import dev.nativepack.core.invoke.InvokeRequest;
import dev.nativepack.core.invoke.InvokeResult;
import dev.nativepack.core.verify.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code nativepack serve}: a function kept running behind the Invoke API path AWS's emulator uses,
 * so that curl and the AWS SDKs can invoke it; at most K execution environments, requests beyond
 * them wait for one to be free.
 */
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    /** The Invoke API's path, with any function name (AWS's emulator answers only "function"). */
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/[^/]+/invocations");

    private final PrintStream out;
    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create("serve", this,
            "Serve a function on the Invoke API, for curl and the AWS SDKs.",
            "Unpack the function as invoke does and accept POST /2015-03-31/functions/function/invocations "
                    + "(the path of AWS's runtime interface emulator; any function name is accepted). Each "
                    + "request is delivered to a free execution environment, started on demand (a cold start) "
                    + "and kept warm; at most --concurrency run at once and further requests wait. A function "
                    + "error answers 200 with X-Amz-Function-Error: Unhandled, as Lambda does. Logs go to "
                    + "standard error. Runs until interrupted.",
            "%nExamples:",
            "  nativepack serve function.zip --port 9000",
            "  curl -d '{\"n\": 1}' http://127.0.0.1:9000/2015-03-31/functions/function/invocations",
            "  aws lambda invoke --endpoint-url http://127.0.0.1:9000 --function-name function out.json",
            ExitCodes.HEADING,
            "  0  stopped",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing or damaged archive or layer, the port in use",
            ExitCodes.LINE_INTERNAL);
    private final OptionSpec port = OptionSpec.builder("--port", "-p").paramLabel("N").type(int.class).required(true)
            .description("The port to listen on (0: any free one, printed).").build();
    private final OptionSpec host = OptionSpec.builder("--host").paramLabel("ADDRESS").type(String.class)
            .defaultValue("127.0.0.1").description("The address to listen on (default: 127.0.0.1).").build();
    private final OptionSpec concurrency = OptionSpec.builder("--concurrency", "-k").paramLabel("K").type(int.class)
            .defaultValue("1").description("Execution environments at most (default: 1).").build();
    private final FunctionOptions function;

    ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        function = new FunctionOptions("serve", spec);
        spec.addOption(port).addOption(host).addOption(concurrency);
        new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        int k = concurrency.<Integer>getValue();
        int n = port.<Integer>getValue();
        if (k < 1 || k > 64) {
            err.println("nativepack serve: --concurrency must be 1 to 64, not " + k);
            return ExitCodes.USAGE;
        }
        if (n < 0 || n > 65535) {
            err.println("nativepack serve: --port must be 0 to 65535, not " + n);
            return ExitCodes.USAGE;
        }
        try (FunctionOptions.Opened opened = function.open(err)) {
            BlockingQueue<FunctionHost> free = new ArrayBlockingQueue<>(k);
            List<FunctionHost> all = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                FunctionHost h = new FunctionHost(opened.config(), err);
                all.add(h);
                free.add(h);
            }
            HttpServer server;
            dev.nativepack.core.invoke.HttpServers.noDelay();
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host.getValue()), n), 64);
            } catch (BindException e) {
                err.println("nativepack serve: " + host.getValue() + ":" + n + ": the port is in use");
                return ExitCodes.BAD_INPUT;
            }
            server.createContext("/", exchange -> handle(exchange, free));
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "nativepack-serve");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            out.println("serving " + opened.config().functionName() + " for " + opened.config().target().id()
                    + " on http://" + host.getValue() + ":" + server.getAddress().getPort()
                    + "/2015-03-31/functions/function/invocations (" + k + " at most at once)");
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                server.stop(0);
                all.forEach(FunctionHost::close);
                stopped.countDown();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
            return ExitCodes.OK;
        } catch (FunctionOptions.Refused r) {
            return r.exitCode;
        } catch (IOException e) {
            err.println("nativepack serve: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        }
    }

    private void handle(HttpExchange exchange, BlockingQueue<FunctionHost> free) throws IOException {
        boolean aborted = false;
        try {
            if (!INVOKE_PATH.matcher(exchange.getRequestURI().getPath()).matches()) {
                reply(exchange, 404, "{\"Type\":\"User\",\"message\":\"Unknown path; invoke "
                        + "POST /2015-03-31/functions/function/invocations\"}", null);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, "{\"Type\":\"User\",\"message\":\"Use POST\"}", null);
                return;
            }
            byte[] payload;
            try (InputStream in = exchange.getRequestBody()) {
                payload = in.readNBytes(6 * 1024 * 1024 + 1);
            }
            if (payload.length > 6 * 1024 * 1024) {
                reply(exchange, 413, "{\"Type\":\"User\",\"message\":\"Request must be smaller than 6291456 bytes "
                        + "for the InvokeFunction operation\"}", "RequestTooLargeException");
                return;
            }
            if (payload.length == 0) {
                payload = "{}".getBytes(StandardCharsets.UTF_8);
            }
            String problem = FunctionOptions.jsonProblem(payload);
            if (problem != null) {
                reply(exchange, 400, "{\"Type\":\"User\",\"message\":\"Could not parse request body into json: "
                        + problem.replace("\"", "'") + "\"}", "InvalidRequestContentException");
                return;
            }
            FunctionHost h = free.take();
            StreamedReply stream = new StreamedReply(exchange);
            InvokeResult r;
            try {
                r = h.invoke(new InvokeRequest(payload, "application/json", null, null,
                        exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id")), stream).result();
            } finally {
                free.add(h);
            }
            if (stream.finish()) {
                endStream(exchange, r);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", r.contentType() == null ? "application/json" : r.contentType());
            exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
            exchange.getResponseHeaders().set("X-Amzn-RequestId", r.requestId());
            if (r.failed()) {
                exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            }
            exchange.sendResponseHeaders(200, r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(r.body());
            }
        } catch (SandboxException e) {
            err.println("nativepack serve: " + e.getMessage());
            reply(exchange, 500, "{\"Type\":\"Service\",\"message\":\"" + e.getMessage().replace("\"", "'") + "\"}",
                    "ServiceException");
        } catch (StreamAborted e) {
            aborted = true;
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!aborted) {
                exchange.close();
            }
        }
    }

    /**
     * Ends a streamed reply. After an error (reported in the stream's trailers, or a timeout) there is
     * no status left to change, so the connection is dropped without the last chunk: the caller sees
     * the body cut off, as from a function URL, and the error goes to the log.
     */
    private void endStream(HttpExchange exchange, InvokeResult r) throws IOException {
        if (!r.failed()) {
            exchange.getResponseBody().close();
            return;
        }
        err.println("nativepack serve: the streamed response of " + r.requestId() + " ended with " + r.errorType()
                + ": " + new String(r.body(), StandardCharsets.UTF_8));
        throw new StreamAborted();
    }

    /** Thrown out of the handler so that the JDK's server drops the connection instead of ending the chunks. */
    private static final class StreamAborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamAborted() {
            super("the streamed response ended with an error", null, false, false);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body, String errorType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }
}
