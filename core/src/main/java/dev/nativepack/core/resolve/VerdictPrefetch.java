package dev.nativepack.core.resolve;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads candidate files ahead of the search that will ask for them. A verdict depends only on the
 * file, so reading it early on another thread changes no result: the search still asks in ld.so's
 * order and takes the verdict from here when one was read ahead, or reads the file itself.
 */
final class VerdictPrefetch {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), runnable -> {
                Thread t = new Thread(runnable, "nativepack-read-ahead");
                t.setDaemon(true);
                return t;
            });

    /** -Dnativepack.readAhead=false turns reading ahead off, to measure what it gains. */
    private static final boolean ENABLED = !"false".equals(System.getProperty("nativepack.readAhead"));

    private final CandidateVerifier verifier;
    private final Map<Path, Future<CandidateVerifier.Verdict>> pending = new ConcurrentHashMap<>();

    VerdictPrefetch(CandidateVerifier verifier) {
        this.verifier = verifier;
    }

    /** Starts reading a file the search is likely to try soon. */
    void request(Path file) {
        if (!ENABLED) {
            return;
        }
        pending.computeIfAbsent(file, f -> POOL.submit(() -> verifier.verify(f)));
    }

    /** The verdict for a file: the one read ahead if there is one, else read now. */
    CandidateVerifier.Verdict verify(Path file) {
        Future<CandidateVerifier.Verdict> ahead = pending.remove(file);
        if (ahead != null) {
            try {
                return ahead.get();
            } catch (ExecutionException e) {
                // Whatever went wrong ahead of time happens again here, on the caller's thread.
                return verifier.verify(file);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return verifier.verify(file);
            }
        }
        return verifier.verify(file);
    }
}
