package dev.nativepack.elf.edit;

/**
 * How much of the file an edit had to change, from least to most (research/elf.md §4.4). An edit
 * uses the lowest tier that can hold it; {@link ElfEditor#limitTo(Tier)} refuses anything above.
 */
public enum Tier {
    /**
     * Only existing bytes of the dynamic section and its string table changed: strings were
     * written over the ones they replace, into unused (zeroed) string-table space, or point at an
     * identical string already present. Same file size, same layout.
     */
    IN_PLACE,
    /**
     * Spare room inside the loaded image was used: a spare DT_NULL slot for a new tag, and/or the
     * string table grown or copied into zero padding at the end of a read-only PT_LOAD (possibly
     * after moving a small version table there to make room). Same file size; no new segment;
     * .dynamic never moves.
     */
    SPARE_SPACE,
    /**
     * A new PT_LOAD was appended at the end of the file (with the program header table moved into
     * it when the old one has no free entry). The file grows.
     */
    APPEND
}
