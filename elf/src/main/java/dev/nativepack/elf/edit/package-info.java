/**
 * Editing the dynamic section of ELF files in memory, in pure Java: RPATH, RUNPATH, SONAME and
 * NEEDED (with the version requirements that name the library).
 *
 * <p>{@link dev.nativepack.elf.edit.ElfEditor} collects the operations and applies them together;
 * {@link dev.nativepack.elf.edit.EditResult} carries the new bytes, the
 * {@link dev.nativepack.elf.edit.Tier} used, the bytes added and a line per change. Refusals and
 * failures are {@link dev.nativepack.elf.edit.ElfEditException}s that name the file and the
 * reason. Strip before editing (research/elf.md §5.3): the editor keeps section headers consistent,
 * but a strip that rewrites the layout afterwards has no reason to keep its choices.
 */
package dev.nativepack.elf.edit;
