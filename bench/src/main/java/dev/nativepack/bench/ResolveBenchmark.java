package dev.nativepack.bench;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.LoaderProfile;
import dev.nativepack.core.resolve.ProfileDetector;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm, in-process resolution of a real closure (gdalinfo: 112 libraries on Debian 12). Every
 * iteration opens and parses every file again: nothing is carried over between resolutions
 * except what one Resolver keeps for its life (the parsed ld.so.cache, as ld.so reads it once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ResolveBenchmark {
    @Param({"/usr/bin/gdalinfo"})
    public String file;

    private Resolver resolver;
    private Path path;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        path = Path.of(file);
        Path root = Path.of("/");
        LoaderProfile profile = ProfileDetector.detect(root, ElfFile.open(path));
        resolver = new Resolver(profile, root);
        Closure check = resolver.resolve(path);
        if (!check.missing().isEmpty()) {
            throw new IllegalStateException(file + " does not resolve completely: " + check.missing());
        }
    }

    @Benchmark
    public Closure resolveClosure() throws IOException {
        return resolver.resolve(path);
    }

    /** The same with the loader profile detected again each time (what one CLI run does). */
    @Benchmark
    public Closure detectProfileAndResolve() throws IOException {
        Path root = Path.of("/");
        return new Resolver(ProfileDetector.detect(root, ElfFile.open(path)), root).resolve(path);
    }
}
