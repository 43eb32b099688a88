package dev.nativepack.cli;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.core.target.TargetFormatException;
import dev.nativepack.core.target.UnknownTargetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** A --target value: a built-in id or a target file, with the error and exit code when it is neither. */
final class TargetChoice {
    record Result(Target target, String problem, int exitCode) {
    }

    private TargetChoice() {
    }

    static Result load(String spec) {
        try {
            return new Result(TargetCatalog.builtIn().find(spec), null, ExitCodes.OK);
        } catch (UnknownTargetException e) {
            // A mistyped id is a usage error, like an unknown option.
            return new Result(null, e.getMessage(), ExitCodes.USAGE);
        } catch (TargetFormatException e) {
            return new Result(null, e.getMessage(), ExitCodes.BAD_INPUT);
        } catch (NoSuchFileException e) {
            return new Result(null, spec + ": no such file", ExitCodes.BAD_INPUT);
        } catch (IOException | UncheckedIOException e) {
            String message = e.getMessage();
            return new Result(null, message != null && message.contains(spec) ? message : spec + ": " + message,
                    ExitCodes.BAD_INPUT);
        }
    }
}
