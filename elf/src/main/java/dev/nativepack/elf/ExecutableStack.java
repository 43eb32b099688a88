package dev.nativepack.elf;

/** Whether an object asks for an executable stack (PT_GNU_STACK), research/elf.md §6.2. */
public enum ExecutableStack {
    /** PT_GNU_STACK without PF_X. */
    NO,
    /** PT_GNU_STACK with PF_X: the process stack becomes executable; dlopen fails on glibc 2.41+. */
    YES,
    /** No PT_GNU_STACK: the architecture default applies, which on x86 means executable. */
    MISSING
}
