package dev.nativepack.core.jar;

import java.util.Objects;

/**
 * The platform an embedded native is built for, as its header and dynamic section say. Each part
 * is {@link #UNKNOWN} when the file does not tell it; nothing is taken from the entry's path
 * except to tell musl from Android's bionic when both would fit (research/java.md §1.1).
 *
 * @param os           linux, android, freebsd, openbsd, netbsd, dragonfly, solaris, aix, macos,
 *                     ios, darwin (an Apple platform not stated), windows, or unknown
 * @param architecture the platform name, as targets write it: x86_64, arm64, armhf, i386, ...
 * @param libc         for linux: glibc, musl or none (needs no C library); bionic for android;
 *                     "" where the operating system has one C library; or unknown
 */
public record NativePlatform(String os, String architecture, String libc) {
    public static final String UNKNOWN = "unknown";

    public NativePlatform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(libc, "libc");
    }

    /** "linux arm64 glibc", "macos x86_64". */
    public String describe() {
        return os + " " + architecture + (libc.isEmpty() ? "" : " " + libc);
    }
}
