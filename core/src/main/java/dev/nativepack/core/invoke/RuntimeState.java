package dev.nativepack.core.invoke;

import dev.nativepack.core.invoke.PendingInvocation.Phase;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's side of Lambda's state machine for one execution environment: init ends with the
 * first {@code /next} or an {@code /init/error}; then one invocation at a time is queued, handed
 * out by {@code /next}, and answered once. Futures are completed outside the lock, so that whatever
 * a caller chains to them cannot stall the API.
 */
final class RuntimeState {
    /** Why a {@code /next} or an {@code /init/error} is refused with 403 InvalidStateTransition. */
    static final class InvalidStateTransition extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidStateTransition(String message) {
            super(message, null, false, false);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CompletableFuture<Boolean> initDone = new CompletableFuture<>();
    private volatile InvokeResult initError;
    private boolean initEnded;
    private boolean initFailed;
    private PendingInvocation current;
    /** Numbers the {@code /next} calls: only the latest may take an event. */
    private long latestNextCall;
    private boolean closed;

    CompletableFuture<Boolean> initDone() {
        return initDone;
    }

    InvokeResult initError() {
        return initError;
    }

    void queue(PendingInvocation invocation) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the Runtime API is closed");
            }
            if (initFailed) {
                // Its /next would be refused, so the event would wait forever.
                throw new IllegalStateException("the runtime reported an init error; start a new one");
            }
            if (current != null) {
                throw new IllegalStateException("invocation " + current.requestId + " is still "
                        + current.phase.name().toLowerCase(Locale.ROOT) + "; an execution environment "
                        + "takes one event at a time: wait for its result before invoking again");
            }
            current = invocation;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The runtime's {@code /next}: waits for a queued event and hands it out.
     *
     * @return the event, or null when the API closed first
     */
    PendingInvocation awaitEvent() throws InvalidStateTransition, InterruptedException {
        long call;
        boolean endsInit;
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            if (initFailed) {
                throw new InvalidStateTransition("State transition from InitError to Ready failed for runtime. "
                        + "Error: the runtime reported an init error and should exit");
            }
            if (current != null && current.phase != Phase.QUEUED) {
                throw new InvalidStateTransition("State transition from Invoking to Ready failed for runtime. "
                        + "Error: invocation " + current.requestId + " is open; post its response or error first");
            }
            endsInit = !initEnded;
            initEnded = true;
            call = ++latestNextCall;
            // A runtime whose client gave up on a /next and asked again gets the event on the new
            // call; the old one is released.
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (endsInit) {
            initDone.complete(true);
        }
        lock.lock();
        try {
            while (!closed && call == latestNextCall && (current == null || current.phase != Phase.QUEUED)) {
                changed.await();
            }
            if (closed) {
                return null;
            }
            if (call != latestNextCall) {
                throw new InvalidStateTransition("State transition from Ready to Ready failed for runtime. "
                        + "Error: a later /next call replaced this one");
            }
            current.phase = Phase.OPEN;
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a {@code /response} or {@code /error}: only the open invocation's id, and only once.
     *
     * @return the invocation, or null for 400 InvalidRequestID
     */
    PendingInvocation claimAnswer(String requestId) {
        lock.lock();
        try {
            if (current == null || current.phase != Phase.OPEN || !current.requestId.equals(requestId)) {
                return null;
            }
            current.phase = Phase.ANSWERING;
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a claimed invocation with its result; the slot is free before the future completes, so
     * the caller may invoke again from its callback.
     *
     * @return false when the invocation was aborted meanwhile (the answer came too late)
     */
    boolean finish(PendingInvocation invocation, InvokeResult result) {
        lock.lock();
        try {
            if (current != invocation) {
                return false;
            }
            current = null;
        } finally {
            lock.unlock();
        }
        invocation.result.complete(result);
        return true;
    }

    /** Ends the queued or open invocation, if any, with a platform error. */
    void abort(String errorType, String errorMessage) {
        PendingInvocation aborted;
        lock.lock();
        try {
            aborted = current;
            current = null;
        } finally {
            lock.unlock();
        }
        if (aborted != null) {
            aborted.result.complete(aborted.platformError(errorType, errorMessage));
        }
    }

    /** The runtime's {@code /init/error}: allowed once, before its first {@code /next}. */
    void beginInitError() throws InvalidStateTransition {
        lock.lock();
        try {
            if (initEnded || closed) {
                throw new InvalidStateTransition("State transition from " + (initFailed ? "InitError" : "Ready")
                        + " to InitError failed for runtime. Error: init has already ended");
            }
            initEnded = true;
            initFailed = true;
        } finally {
            lock.unlock();
        }
    }

    void endInitError(InvokeResult error) {
        initError = error;
        initDone.complete(false);
    }

    /** Blocks until {@link #close}; for requests that are only ever answered by the end. */
    void awaitClose() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases every waiting request and ends the invocation in flight with {@code errorType}; init
     * that never ended completes as false with no {@link #initError()}.
     */
    void close(String errorType, String errorMessage) {
        PendingInvocation open;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            open = current;
            current = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (open != null) {
            open.result.complete(open.platformError(errorType, errorMessage));
        }
        initDone.complete(false);
    }
}
