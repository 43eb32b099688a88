package dev.nativepack.core.jar;

import dev.nativepack.core.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each entry of one jar is, as scanning and pruning need it. The first bytes of every entry
 * are read in order on the calling thread (a copy from the mapped file, inflating a few hundred
 * bytes at most); what may be a native or is a nested jar is read further on a small pool, as
 * inflating is most of the work and the pool keeps every core on it.
 */
final class JarSurvey implements AutoCloseable {
    /**
     * One entry.
     *
     * @param entry    the zip entry
     * @param type     what it is
     * @param identity for a native, what it is
     * @param fit      for a native, with a target: whether it is for it
     * @param content  a nested jar's bytes; a native's when it is for the target and they were asked for; else null
     */
    record Item(ZipIndex.Entry entry, Type type, NativeIdentity identity, TargetFit fit, byte[] content) {
    }

    enum Type { DIRECTORY, NESTED_JAR, NATIVE, OTHER }

    private final Target target;
    private final boolean decisionsOnly;
    private final ExecutorService pool;

    /**
     * @param target        the target natives are fitted to, or null
     * @param decisionsOnly whether an ELF native for another architecture may be decided from its
     *                      header alone (pruning), its operating system and C library left unread
     */
    JarSurvey(Target target, boolean decisionsOnly) {
        this.target = target;
        this.decisionsOnly = decisionsOnly;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nativepack-jar-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Every entry of {@code zip}, in stored order.
     *
     * @param targetContent whether natives for the target come with their bytes (for the audit,
     *                      or to place them beside the jar)
     */
    List<Item> survey(JarZip zip, int depth, boolean targetContent) throws JarInputException {
        List<Object> slots = new ArrayList<>();
        for (ZipIndex.Entry e : zip.entries()) {
            slots.add(head(zip, e, depth, targetContent));
        }
        List<Item> items = new ArrayList<>(slots.size());
        for (Object slot : slots) {
            items.add(slot instanceof Item item ? item : await(slot));
        }
        return items;
    }

    private Object head(JarZip zip, ZipIndex.Entry e, int depth, boolean targetContent) throws JarInputException {
        if (e.isDirectory()) {
            return new Item(e, Type.DIRECTORY, null, null, null);
        }
        if (e.size() == 0 || e.encrypted() || (e.method() != 0 && e.method() != 8)) {
            return new Item(e, Type.OTHER, null, null, null);
        }
        EntryContent first = zip.content(e);
        byte[] head = first.upTo(NativeIdentifier.HEAD_BYTES);
        first.close();
        if (depth < JarZip.MAX_DEPTH && JarZip.isNestedJar(e.name(), head, head.length)) {
            return pool.submit(() -> new Item(e, Type.NESTED_JAR, null, null, zip.detachedContent(e).all()));
        }
        if (!NativeIdentifier.mayBeNative(head, head.length)) {
            return new Item(e, Type.OTHER, null, null, null);
        }
        if (decisionsOnly && target != null && head.length >= 4 && head[0] == 0x7f && head[1] == 'E') {
            NativeIdentity quick = ElfIdentifier.headerOnly(head);
            if (quick != null && quick.kind().platformCode()) {
                TargetFit fit = TargetFit.of(quick, target);
                if (fit.decision() == TargetFit.Decision.DROP) {
                    return new Item(e, Type.NATIVE, quick, fit, null);
                }
            }
        }
        Callable<Item> identify = () -> {
            EntryContent content = zip.detachedContent(e);
            try {
                NativeIdentity identity = NativeIdentifier.identify(e.name(), content);
                if (identity == null) {
                    return new Item(e, Type.OTHER, null, null, null);
                }
                TargetFit fit = target == null ? null : TargetFit.of(identity, target);
                byte[] bytes = targetContent && fit != null && fit.forTarget(identity) ? content.all() : null;
                return new Item(e, Type.NATIVE, identity, fit, bytes);
            } finally {
                content.close();
            }
        };
        return pool.submit(identify);
    }

    private static Item await(Object slot) throws JarInputException {
        try {
            return ((Future<?>) slot).get() instanceof Item item ? item : null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JarInputException j) {
                throw j;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JarInputException("interrupted", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
