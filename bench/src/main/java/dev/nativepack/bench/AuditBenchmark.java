package dev.nativepack.bench;

import dev.nativepack.core.audit.AuditReport;
import dev.nativepack.core.audit.Auditor;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import java.nio.file.Path;
import java.util.List;
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
 * Warm, in-process audit of a real program against built-in targets: resolution on the target as
 * data, the build-machine search for what it lacks, the version check with culprit symbols, and
 * the rules. Every operation reads every file again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class AuditBenchmark {
    @Param({"/usr/bin/gdalinfo"})
    public String file;

    @Param({"aws-lambda/provided.al2023/x86_64", "aws-lambda/provided.al2/x86_64", "azure/debian12/x86_64"})
    public String target;

    private Target resolved;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        resolved = TargetCatalog.builtIn().find(target);
    }

    @Benchmark
    public AuditReport audit() throws Exception {
        return new Auditor(resolved, Path.of("/")).audit(List.of(file));
    }
}
