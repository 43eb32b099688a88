package dev.nativepack.core.resolve;

import java.util.List;

/**
 * A DT_NEEDED name the loader would fail on: not found anywhere, only files of the wrong class
 * seen, or a candidate that stops the load (a file that is not a valid ELF object).
 * {@code searched} lists every file the loader would have tried, in order.
 */
public record MissingLibrary(LoadedObject requester, String name, Reason reason, String detail, List<String> searched) {
    public enum Reason {
        NOT_FOUND("cannot open shared object file: No such file or directory"),
        WRONG_CLASS("wrong ELF class"),
        INVALID_FILE("invalid ELF file");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        /** The loader's wording for this failure. */
        public String message() {
            return message;
        }
    }
}
