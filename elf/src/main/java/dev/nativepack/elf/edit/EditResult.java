package dev.nativepack.elf.edit;

import java.util.List;

/**
 * The outcome of {@link ElfEditor#apply()}: the edited file, the tier it needed, how many bytes
 * it grew by (0 unless {@link Tier#APPEND}), and one line per change made, in order.
 */
public record EditResult(byte[] bytes, Tier tierUsed, long bytesAdded, List<String> changes) {
    public EditResult {
        changes = List.copyOf(changes);
    }
}
