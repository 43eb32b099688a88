package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against this machine's glibc loader: for every x86_64 executable in /usr/bin
 * and every shared library in /usr/lib/x86_64-linux-gnu, our closure must equal what
 * {@code ld.so --list} prints (same names and paths, same order, same names not found, same fatal
 * version errors) and our version sections must equal {@code readelf -VW}'s.
 */
class LoaderDifferentialTest {
    private static final List<Path> DIRECTORIES = List.of(Path.of("/usr/bin"), Path.of("/usr/lib/x86_64-linux-gnu"));
    private static final Path GDALINFO = Path.of("/usr/bin/gdalinfo");
    /** Above this many candidates a fixed-seed sample keeps the run within a few minutes. */
    private static final int MAX_FILES = 2500;
    private static final long SEED = 20240611L;
    private static final int THREADS = 2;

    /**
     * Files whose differences are understood and accepted, with the reason. An entry whose file
     * then matches fails the test, so the list cannot go stale. Empty: nothing differs on Debian 12.
     */
    private static final Map<Path, String> KNOWN_DIFFERENCES = Map.of();

    @TempDir
    Path scratch;

    @Test
    void closuresAndVersionSectionsMatchTheRealLoaderAndReadelf() throws Exception {
        Toolchain.requireTool(LoaderComparison.LOADER);
        Toolchain.requireTool("readelf");
        Toolchain.requireTool(GDALINFO.toString());
        // The comparison assumes the plain configuration; a preload file would add objects to every listing.
        assertThat(Path.of("/etc/ld.so.preload")).as("/etc/ld.so.preload changes every listing").doesNotExist();

        long start = System.nanoTime();
        List<Path> all = ElfCandidates.scan(DIRECTORIES);
        List<Path> files = ElfCandidates.sample(all, MAX_FILES, SEED, List.of(GDALINFO));
        // Every candidate is compared unless there are more than MAX_FILES; never fewer than 500 if there are that many.
        assertThat(files).contains(GDALINFO).hasSizeGreaterThanOrEqualTo(Math.min(all.size(), 500));

        List<LoaderComparison.Report> reports = compareAll(files);
        List<String> failures = new ArrayList<>();
        Map<LoaderComparison.Outcome, Integer> outcomes = new EnumMap<>(LoaderComparison.Outcome.class);
        int allowed = 0;
        long entries = 0;
        for (LoaderComparison.Report r : reports) {
            outcomes.merge(r.outcome(), 1, Integer::sum);
            entries += r.entries();
            String reason = KNOWN_DIFFERENCES.get(r.file());
            if (reason != null && r.mismatches().isEmpty()) {
                failures.add(r.file() + ": allow-listed (" + reason + ") but matches now; remove the entry");
            } else if (reason != null) {
                allowed++;
            } else {
                r.mismatches().forEach(m -> failures.add(r.file() + ": " + m));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("LoaderDifferentialTest: compared %d of %d files (%d loaded objects and version entries)"
                + " with ld.so --list and readelf -VW in %.1f s %s, %d mismatch(es), %d allow-listed%n", files.size(),
                all.size(), entries, seconds, outcomes, failures.size(), allowed);

        assertThat(reports).filteredOn(r -> r.file().equals(GDALINFO))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(LoaderComparison.Outcome.LISTED);
                    // gdalinfo needs GDAL and libc: many listed objects plus its version needs.
                    assertThat(r.entries()).isGreaterThan(20);
                });
        assertThat(failures).as("differences from the real loader / readelf").isEmpty();
    }

    private List<LoaderComparison.Report> compareAll(List<Path> files) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            LoaderComparison comparison = new LoaderComparison(scratch);
            List<Future<LoaderComparison.Report>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> comparison.compare(f)));
            }
            List<LoaderComparison.Report> reports = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                try {
                    reports.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    // A parser refusing an oracle's output, or a timeout, is a failure of that file only.
                    reports.add(new LoaderComparison.Report(files.get(i), LoaderComparison.Outcome.LOADER_REFUSED,
                            List.of("comparison failed: " + e.getCause()), 0));
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }
}
