package dev.nativepack.core.runtimedata;

import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** Reads the paths compiled into files on other threads, while the caller hears dpkg. */
final class StringsReader {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), new Daemons());

    private final KeptPaths kept;

    StringsReader(KeptPaths kept) {
        this.kept = kept;
    }

    /** Threads that never keep the process alive. A class rather than a lambda: a short run pays for each lambda. */
    private static final class Daemons implements ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread t = new Thread(runnable, "nativepack-strings");
            t.setDaemon(true);
            return t;
        }
    }

    /** The paths compiled into one file, read on a pool thread. */
    private record Read(ElfFile elf, KeptPaths kept) implements Callable<List<String>> {
        @Override
        public List<String> call() {
            return kept.in(elf);
        }
    }

    Future<List<String>> start(ElfFile elf) {
        return POOL.submit(new Read(elf, kept));
    }

    /** What a started read found; a failure there is thrown here, on the caller's thread. */
    static List<String> result(Future<List<String>> paths) throws IOException {
        try {
            return paths.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading strings", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Keeps the cache within its size once new values were added. */
    /** Reads the kept values now rather than at the first file. */
    void warm() {
        kept.warm();
    }

    void finished() {
        kept.trimIfAdded();
    }
}
