package dev.nativepack.elf;

import java.util.List;

/** One Verdef entry: a version this object defines; the base entry (VER_FLG_BASE) names the object itself. */
public record VersionDefinition(int index, int flags, long hash, String name, List<String> parents) {
    public static final int VER_FLG_BASE = 1;

    public boolean isBase() {
        return (flags & VER_FLG_BASE) != 0;
    }
}
