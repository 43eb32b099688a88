package dev.nativepack.elf;

/** Which C library an object was built against; decides which loader rules apply. */
public enum LibcFamily {
    GLIBC, MUSL, NONE, UNKNOWN
}
