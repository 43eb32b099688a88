package dev.nativepack.elf;

import java.util.List;

/**
 * One Vernaux entry: a version this object requires from a needed library, whether the requirement
 * is weak (VER_FLG_WEAK, not fatal when missing) and the undefined symbols bound to it.
 */
public record RequiredVersion(String name, long hash, int flags, int index, List<String> symbols) {
    public static final int VER_FLG_WEAK = 2;

    public boolean weak() {
        return (flags & VER_FLG_WEAK) != 0;
    }
}
