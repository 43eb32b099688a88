package dev.nativepack.core.bundle;

import dev.nativepack.core.archive.ArchiveSummary;
import java.nio.file.Path;
import java.util.List;

/**
 * A bundle written: where, what it holds, and what was done.
 *
 * @param summary      the archive's sizes and the space per top-level name
 * @param manifest     every file as recorded in nativepack.json
 * @param debugArchive the separate archive of debug files, null when none was asked for or kept
 * @param strippedBytes bytes removed by stripping
 * @param rpathBytes   bytes the RPATH and SONAME edits added
 * @param packageProblem why the files' packages are not named in the manifest and the SBOM (the
 *                     package database could not be read), or null
 */
public record BundleResult(ArchiveSummary summary, List<ManifestEntry> manifest, Path debugArchive, long strippedBytes,
                           long rpathBytes, String packageProblem) {
    public BundleResult {
        manifest = List.copyOf(manifest);
    }
}
