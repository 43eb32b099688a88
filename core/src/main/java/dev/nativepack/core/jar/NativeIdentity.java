package dev.nativepack.core.jar;

import java.util.List;
import java.util.Objects;

/**
 * What an embedded native is, read from its content.
 *
 * @param format   the object-file format
 * @param kind     what it is to a loader
 * @param platform the operating system, architecture and C library it is built for
 * @param evidence the facts each part was read from ("DT_NEEDED libc.so.7", "note owner FreeBSD"),
 *                 and for an unknown part why it could not be told
 */
public record NativeIdentity(NativeFormat format, BinaryKind kind, NativePlatform platform, List<String> evidence) {
    public NativeIdentity {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(platform, "platform");
        evidence = List.copyOf(evidence);
    }
}
