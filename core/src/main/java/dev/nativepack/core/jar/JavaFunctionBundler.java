package dev.nativepack.core.jar;

import dev.nativepack.core.archive.ArchiveEntry;
import dev.nativepack.core.archive.ArchiveOptions;
import dev.nativepack.core.archive.ArchiveSummary;
import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zip of a function for a managed Java runtime: every jar under {@code lib/} (which Lambda's
 * Java runtimes put on the class path), each pruned to the target's natives first, and, when asked,
 * the natives of libraries that call System.loadLibrary before extracting placed in {@code lib/}
 * too (on the runtime's LD_LIBRARY_PATH, hence java.library.path).
 */
public final class JavaFunctionBundler {
    /**
     * @param prune            remove the natives of other platforms from each jar
     * @param allowSigned      prune signed jars too
     * @param extractNatives   place loadLibrary-first natives in lib/
     * @param timestamp        every entry's time
     * @param compressionLevel deflate level of the zip, 0 to 9
     */
    public record Options(boolean prune, boolean allowSigned, boolean extractNatives, ArchiveTimestamp timestamp,
                          int compressionLevel) {
    }

    /** What was written: the zip, each jar's pruning (none when not pruned) and the natives placed in lib/. */
    public record Result(ArchiveSummary summary, List<PruneResult> pruned, List<String> placedNatives) {
        public long bytesSaved() {
            return pruned.stream().mapToLong(PruneResult::bytesSaved).sum();
        }
    }

    private final Target target;
    private final Options options;

    public JavaFunctionBundler(Target target, Options options) {
        this.target = target;
        this.options = options;
    }

    /**
     * @param jars    the project's jar and its runtime dependencies, each placed as {@code lib/<file name>}
     * @param scratch a directory of the caller's for the pruned copies (created when missing)
     * @param output  the zip to write, through a temporary file and a rename
     * @throws JarInputException     a jar is missing, damaged or hostile, or two have the same file name
     * @throws PruneRefusedException a signed jar would lose entries and signed jars are not allowed
     */
    public Result bundle(List<Path> jars, Path scratch, Path output)
            throws JarInputException, PruneRefusedException, ArchiveWriteException, IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            Path other = byName.putIfAbsent(name, jar);
            if (other != null) {
                throw new JarInputException(jar + ": has the same file name as " + other + "; both would be lib/"
                        + name + " in the function");
            }
        }
        Path prunedDirectory = scratch.resolve("lib");
        Path nativesDirectory = scratch.resolve("natives");
        Files.createDirectories(prunedDirectory);
        JarPruner pruner = new JarPruner(target, new JarPruner.Options(options.allowSigned(),
                options.extractNatives() ? nativesDirectory : null));
        List<ArchiveEntry> entries = new ArrayList<>();
        List<PruneResult> pruned = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        for (Map.Entry<String, Path> jar : byName.entrySet()) {
            Path content = jar.getValue();
            if (options.prune()) {
                PruneResult result = pruner.prune(jar.getValue().toString(), prunedDirectory.resolve(jar.getKey()));
                pruned.add(result);
                content = result.output();
                for (Path extracted : result.extracted()) {
                    String entry = "lib/" + extracted.getFileName();
                    entries.add(ArchiveEntry.file(entry, extracted, false));
                    placed.add(entry);
                }
            }
            entries.add(ArchiveEntry.file("lib/" + jar.getKey(), content, false));
        }
        ArchiveOptions archive = new ArchiveOptions(options.compressionLevel(), Runtime.getRuntime().availableProcessors(),
                options.timestamp(), false);
        ArchiveSummary summary = new dev.nativepack.core.archive.ArchiveWriter(archive).write(entries, output);
        return new Result(summary, pruned, placed);
    }
}
