package dev.nativepack.cli;

/** The exit codes of every command, and the help footer that lists them. */
final class ExitCodes {
    static final int OK = 0;
    /** Something was not found, or a check failed. */
    static final int NOT_FOUND = 1;
    /** The command line was wrong (picocli's usage code). */
    static final int USAGE = 2;
    /** An input file could not be read or is not a well-formed ELF file. */
    static final int BAD_INPUT = 3;
    /** A bug in nativepack: the stack trace goes to stderr so it can be reported. */
    static final int INTERNAL_ERROR = 4;

    static final String HEADING = "%nExit codes:";
    static final String LINE_OK = "  0  ok";
    static final String LINE_NOT_FOUND = "  1  something was not found, or a check failed";
    static final String LINE_USAGE = "  2  usage error (unknown option, missing argument)";
    static final String LINE_BAD_INPUT = "  3  bad input: missing or unreadable file, not ELF, truncated";
    static final String LINE_INTERNAL = "  4  internal error (please report it with the output)";

    private ExitCodes() {
    }
}
