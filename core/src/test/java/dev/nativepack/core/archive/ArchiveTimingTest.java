package dev.nativepack.core.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick measurement, printed and not asserted: zipping GDAL and 80 other real libraries (the
 * first by name between 100 KB and 4 MB) at level 9 on one thread and on every core (the bytes
 * must be the same).
 */
class ArchiveTimingTest {
    private static final Path LIBS = Path.of("/usr/lib/x86_64-linux-gnu");
    private static final Path GDAL = LIBS.resolve("libgdal.so.32");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void zippingGdalAndEightyLibrariesSequentiallyAndInParallel() throws Exception {
        assumeTrue(Files.isRegularFile(GDAL), "needs " + GDAL + " (gdal-bin)");
        Path gdal = GDAL.toRealPath();
        List<ArchiveEntry> entries = new ArrayList<>();
        entries.add(ArchiveEntry.file("lib/" + GDAL.getFileName(), gdal, false));
        try (Stream<Path> s = Files.list(LIBS)) {
            s.filter(p -> p.getFileName().toString().matches("lib.*\\.so\\.[0-9.]+"))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.equals(gdal))
                    .filter(p -> p.toFile().length() > 100_000 && p.toFile().length() < 4_000_000)
                    .sorted().limit(80)
                    .forEach(p -> entries.add(ArchiveEntry.file("lib/" + p.getFileName(), p, false)));
        }
        assertThat(entries).hasSize(81);
        long bytes = 0;
        for (ArchiveEntry e : entries) {
            bytes += Files.size(e.sourceFile());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        ArchiveOptions options = new ArchiveOptions(9, 1, ArchiveTimestamp.DEFAULT, true);
        // Warm up the code paths and the page cache.
        new ArchiveWriter(options.withThreads(cores)).write(entries.subList(1, 6), dir.resolve("warm.zip"));
        for (ArchiveEntry e : entries) {
            Files.readAllBytes(e.sourceFile());
        }

        long t0 = System.nanoTime();
        ArchiveSummary one = new ArchiveWriter(options).write(entries, dir.resolve("one.zip"));
        long t1 = System.nanoTime();
        ArchiveSummary all = new ArchiveWriter(options.withThreads(cores)).write(entries, dir.resolve("all.zip"));
        long t2 = System.nanoTime();

        assertThat(ArchiveTesting.sha256(dir.resolve("all.zip"))).isEqualTo(ArchiveTesting.sha256(dir.resolve("one.zip")));
        double seq = (t1 - t0) / 1e9;
        double par = (t2 - t1) / 1e9;
        System.out.printf(Locale.ROOT, "archive timing: %d libraries, %.1f MB (libgdal %.1f MB) -> %.1f MB zip, level 9%n",
                entries.size(), bytes / 1e6, Files.size(gdal) / 1e6, one.archiveBytes() / 1e6);
        System.out.printf(Locale.ROOT, "archive timing: sequential %.2f s (%.0f MB/s), parallel on %d cores %.2f s"
                + " (%.0f MB/s), speed-up %.2fx%n", seq, bytes / 1e6 / seq, cores, par, bytes / 1e6 / par, seq / par);
        assertThat(all.archiveBytes()).isEqualTo(one.archiveBytes());
    }
}
