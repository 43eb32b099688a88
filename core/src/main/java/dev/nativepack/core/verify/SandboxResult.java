package dev.nativepack.core.verify;

import java.util.List;

/**
 * How a run in the sandbox ended.
 *
 * @param exitCode     the program's exit code (-1 when it was killed at the time limit)
 * @param output       what it printed, stdout and stderr interleaved
 * @param loaderError  the dynamic loader's own message when it refused to start the program, else null
 * @param timedOut     whether the time limit ended it
 * @param missingFromBaseline target libraries this machine (or the baseline root) does not have,
 *                     so the sandbox lacks them although the target has them
 */
public record SandboxResult(int exitCode, String output, String loaderError, boolean timedOut,
                            List<String> missingFromBaseline) {
    public SandboxResult {
        missingFromBaseline = List.copyOf(missingFromBaseline);
    }

    /** The program started (the loader was satisfied) and exited with 0. */
    public boolean passed() {
        return loaderError == null && !timedOut && exitCode == 0;
    }
}
