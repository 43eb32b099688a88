package dev.nativepack.core.report;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.VersionProblem;

/** The symbol-version problems after the tree, worded as ld.so words them, then the verdict. */
final class VersionProblemText {
    private VersionProblemText() {
    }

    static void render(StringBuilder out, Closure closure, TextStyle style) {
        if (!closure.versionProblems().isEmpty()) {
            out.append('\n').append(style.strong("version problems:")).append('\n');
        }
        for (VersionProblem p : closure.versionProblems()) {
            String provider = p.provider() != null ? p.provider().path() : p.library();
            String line = provider + ": " + p.message();
            out.append("  ").append(p.weak() ? style.warning(line) : style.problem(line)).append('\n');
            if (!p.symbols().isEmpty()) {
                out.append("    ").append(style.dim("symbols: " + String.join(", ", p.symbols()))).append('\n');
            }
        }
        if (!closure.loads()) {
            long fatal = closure.versionProblems().stream().filter(p -> !p.weak()).count();
            out.append('\n').append(style.problem("the loader would fail: " + closure.missing().size()
                    + " not found, " + fatal + " fatal version problem" + (fatal == 1 ? "" : "s"))).append('\n');
        }
    }
}
