package dev.nativepack.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * An exception escaping a command is a bug: print it with its stack trace so it can be reported,
 * and exit with the internal-error code. A named class rather than a lambda: JDK 17 cannot keep a
 * lambda for picocli's Java 5 interfaces in the class-data-sharing archive, nor then the interface.
 */
final class InternalErrors implements IExecutionExceptionHandler {
    private final PrintStream err;

    InternalErrors(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception problem, CommandLine failed, ParseResult parsed) {
        err.println("nativepack: internal error: " + problem);
        problem.printStackTrace(err);
        return ExitCodes.INTERNAL_ERROR;
    }
}
