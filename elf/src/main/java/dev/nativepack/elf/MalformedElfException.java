package dev.nativepack.elf;

import java.nio.file.Path;

/**
 * The one error raised for input that is not a well-formed ELF file: it names the file, the field
 * being read and the file offset, so a front end can print it on one line.
 */
public final class MalformedElfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;
    private final long offset;
    private final String problem;

    public MalformedElfException(Path file, String field, long offset, String problem) {
        super(format(file, field, offset, problem));
        this.file = file;
        this.field = field;
        this.offset = offset;
        this.problem = problem;
    }

    private static String format(Path file, String field, long offset, String problem) {
        String where = offset >= 0 ? " at offset 0x" + Long.toHexString(offset) : "";
        return file + ": " + problem + " (" + field + where + ")";
    }

    public Path file() {
        return file;
    }

    /** The structure or field being read, e.g. {@code e_phoff} or {@code DT_VERNEED entry}. */
    public String field() {
        return field;
    }

    /** The file offset of the bad field, or -1 when the problem is not tied to one place. */
    public long offset() {
        return offset;
    }

    public String problem() {
        return problem;
    }
}
