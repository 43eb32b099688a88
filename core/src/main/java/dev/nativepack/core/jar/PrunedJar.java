package dev.nativepack.core.jar;

import java.util.List;

/**
 * What pruning did to one jar (the input, or a jar nested in it).
 *
 * @param location     as the user named it, nested ones as {@code app.jar!/BOOT-INF/lib/x.jar}
 * @param bytesBefore  its size before
 * @param bytesAfter   its size after (the same when nothing was dropped)
 * @param dropped      the natives removed, built for other platforms
 * @param unknown      natives kept because their platform could not be told
 * @param signedKept   signed, with natives for other platforms, and left unchanged because
 *                     signed jars were not allowed to be pruned
 */
public record PrunedJar(String location, long bytesBefore, long bytesAfter, List<EmbeddedNative> dropped,
                        List<EmbeddedNative> unknown, boolean signedKept) {
    public PrunedJar {
        dropped = List.copyOf(dropped);
        unknown = List.copyOf(unknown);
    }

    public long bytesSaved() {
        return bytesBefore - bytesAfter;
    }
}
