package dev.nativepack.core.invoke;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API (2018-06-01) on a loopback port, for one runtime process: it hands queued
 * events to {@code /next}, takes {@code /response}, {@code /error} and {@code /init/error}, and
 * follows Lambda's state machine and status codes. See research/lambda.md §3.
 *
 * <p>Served by {@link ApiHttpServer}, which reads the trailers of streamed responses and writes
 * header names as Lambda spells them.
 */
public final class RuntimeApiServer implements AutoCloseable {
    /** Lambda's limit on a buffered response, and on an event: 6 MiB plus 100 bytes. */
    public static final int MAX_PAYLOAD = 6 * 1024 * 1024 + 100;

    /** The error type of an invocation still running when the API closes. */
    static final String CLOSED_ERROR_TYPE = "Sandbox.Failure";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ApiHttpServer server;
    private final ExecutorService executor;
    private final RuntimeState state;
    private final long timeoutMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RuntimeApiServer(ApiHttpServer server, ExecutorService executor, RuntimeState state, long timeoutMillis) {
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Starts the API on 127.0.0.1 and a free port.
     *
     * @param functionArn   what Lambda-Runtime-Invoked-Function-Arn says
     * @param timeoutMillis the function timeout, from which each invocation's deadline is computed
     */
    public static RuntimeApiServer start(String functionArn, long timeoutMillis) throws IOException {
        Objects.requireNonNull(functionArn, "functionArn");
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("the function timeout must be positive: " + timeoutMillis + " ms");
        }
        // A /next waits on its thread until an event comes, and an extension's poll until the end,
        // so a fixed small pool could starve /response; idle threads are reused, which keeps warm
        // invocations off thread creation.
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "nativepack-runtime-api-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        RuntimeState state = new RuntimeState();
        Map<String, ApiHttpServer.Handler> routes = new LinkedHashMap<>();
        routes.put("/2018-06-01/", new RuntimeEndpoints(state, functionArn));
        ExtensionApiStubs extensions = new ExtensionApiStubs(state, functionName(functionArn));
        for (String context : ExtensionApiStubs.CONTEXTS) {
            routes.put(context, extensions);
        }
        ApiHttpServer server;
        try {
            server = ApiHttpServer.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), routes,
                    ExchangeIo::notFound, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
        return new RuntimeApiServer(server, executor, state, timeoutMillis);
    }

    /** The name in {@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]}. */
    static String functionName(String functionArn) {
        int at = functionArn.indexOf(":function:");
        if (at < 0) {
            return functionArn;
        }
        String rest = functionArn.substring(at + ":function:".length());
        int qualifier = rest.indexOf(':');
        return qualifier < 0 ? rest : rest.substring(0, qualifier);
    }

    /** What AWS_LAMBDA_RUNTIME_API is set to: {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + server.port();
    }

    /**
     * Completes when init ends: the runtime's first {@code /next} (true), or its {@code /init/error}
     * (false; {@link #initError()} then holds what it posted). It also completes as false, with no
     * init error, when the API is closed before init ended.
     */
    public CompletableFuture<Boolean> initDone() {
        return state.initDone();
    }

    /**
     * The body and error type the runtime posted to /init/error, or null. Its outcome is
     * {@code FUNCTION_ERROR} and its request id one of its own, since no invocation exists yet.
     */
    public InvokeResult initError() {
        return state.initError();
    }

    /**
     * Queues an event for the runtime's next {@code /next}; one at a time, as Lambda does for one
     * execution environment. The future completes when the runtime responds or reports an error, or
     * when {@link #abort} ends the invocation.
     *
     * <p>The deadline is fixed here, when the event is queued, and the runtime is sent that same
     * value, so the caller and the runtime agree on it. On a warm runtime, which is already waiting in
     * {@code /next}, that is the moment of delivery; an event queued before init ends also counts
     * the rest of init, as Lambda counts a custom runtime's init toward its timeout.
     *
     * @throws IllegalStateException when an invocation is still queued or open, the runtime reported
     *                               an init error, or the API is closed
     * @throws IllegalArgumentException when the payload is over {@link #MAX_PAYLOAD} (Lambda refuses it
     *                                  with RequestTooLargeException) or a header value of the request
     *                                  contains a line break
     */
    public Invocation invoke(InvokeRequest request) {
        return invoke(request, null);
    }

    /**
     * As {@link #invoke(InvokeRequest)}, and a streamed response goes to {@code streamListener} as it
     * arrives. Its result then holds no body when it succeeds; an error the runtime reports in the
     * stream's trailers is its result as usual.
     */
    public Invocation invoke(InvokeRequest request, ResponseStreamListener streamListener) {
        if (request.payload().length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("the event has " + request.payload().length + " bytes; Lambda "
                    + "takes at most " + MAX_PAYLOAD + " (RequestTooLargeException)");
        }
        long now = System.currentTimeMillis();
        String traceId = request.traceId() != null ? request.traceId() : XRayTraceHeader.generate(now);
        PendingInvocation invocation = new PendingInvocation(UUID.randomUUID().toString(), now + timeoutMillis,
                request, traceId, streamListener);
        state.queue(invocation);
        return new Invocation(invocation.requestId, invocation.deadlineEpochMillis, invocation.result);
    }

    /**
     * Ends the current invocation with a platform error (timeout, the runtime exited), if one is open
     * or queued. Its body is {@code {"errorMessage":errorMessage,"errorType":errorType}}; a late
     * {@code /response} or {@code /error} for it is answered 400 InvalidRequestID.
     */
    public void abort(String errorType, String errorMessage) {
        state.abort(errorType, errorMessage);
    }

    /**
     * Stops the server at once. An invocation still queued or open ends with a platform error of type
     * {@code Sandbox.Failure}, and {@link #initDone()} completes (false) if init had not ended, so
     * that nobody waits for a runtime that can no longer answer.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state.close(CLOSED_ERROR_TYPE, "The Runtime API closed before the runtime answered");
        server.close();
        executor.shutdownNow();
    }

    /** An invocation handed to the runtime: its id (known once queued) and how it ends. */
    public record Invocation(String requestId, long deadlineEpochMillis, CompletableFuture<InvokeResult> result) {
    }
}
