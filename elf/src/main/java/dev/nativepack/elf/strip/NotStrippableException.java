package dev.nativepack.elf.strip;

import java.nio.file.Path;

/**
 * A well-formed ELF file that this stripper does not handle, such as a relocatable object (whose
 * relocations need the symbol table that stripping removes). Damaged files raise
 * {@link dev.nativepack.elf.MalformedElfException} instead.
 */
public final class NotStrippableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public NotStrippableException(Path file, String reason) {
        super(file + ": not stripped: " + reason);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
