package dev.nativepack.core.report;

import dev.nativepack.core.resolve.MissingLibrary;

/** The one-line description of a library the loader could not load, with every place it looked. */
final class MissingText {
    private MissingText() {
    }

    static String describe(MissingLibrary m) {
        StringBuilder line = new StringBuilder(m.name()).append(" not found");
        if (m.reason() != MissingLibrary.Reason.NOT_FOUND) {
            line.append(" (").append(m.reason().message());
            if (m.detail() != null) {
                line.append(": ").append(m.detail());
            }
            line.append(')');
        }
        line.append("; searched: ");
        line.append(m.searched().isEmpty() ? "nowhere (no search path applies)" : String.join(", ", m.searched()));
        return line.toString();
    }
}
