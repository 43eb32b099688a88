package dev.nativepack.core.jar;

import java.nio.file.Path;
import java.util.List;

/**
 * What a prune wrote.
 *
 * @param input     as the user named it
 * @param output    the jar written
 * @param targetId  the target kept for
 * @param jars      the input first, then the jars nested in it that held natives
 * @param extracted natives written beside the jar for loaders that try System.loadLibrary first
 */
public record PruneResult(String input, Path output, String targetId, List<PrunedJar> jars, List<Path> extracted) {
    public PruneResult {
        jars = List.copyOf(jars);
        extracted = List.copyOf(extracted);
    }

    /** Bytes saved overall: the input's size less the output's. */
    public long bytesSaved() {
        return jars.isEmpty() ? 0 : jars.get(0).bytesSaved();
    }
}
