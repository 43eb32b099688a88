package dev.nativepack.core.bundle;

import dev.nativepack.core.archive.ArchiveSummary;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.target.Target;
import java.util.ArrayList;
import java.util.List;

/** The target's size limits (Lambda: 50 MB zipped for a direct upload, 250 MB unpacked) against an archive. */
public final class SizeLimits {
    private SizeLimits() {
    }

    /**
     * What the archive exceeds, one sentence each; empty when it fits.
     *
     * @param zipped whether the output is an archive uploaded as such (not a directory)
     */
    public static List<String> exceeded(Target target, ArchiveSummary summary, boolean zipped) {
        List<String> problems = new ArrayList<>();
        if (target.limits() == null) {
            return problems;
        }
        long zippedLimit = target.limits().zippedBytes();
        if (zipped && zippedLimit > 0 && summary.archiveBytes() > zippedLimit) {
            problems.add(Sizes.of(summary.archiveBytes()) + " zipped is over " + target.id() + "'s limit of "
                    + Sizes.of(zippedLimit) + " for a direct upload");
        }
        long unzippedLimit = target.limits().unzippedBytes();
        if (unzippedLimit > 0 && summary.uncompressedBytes() > unzippedLimit) {
            problems.add(Sizes.of(summary.uncompressedBytes()) + " unpacked is over " + target.id() + "'s limit of "
                    + Sizes.of(unzippedLimit) + " (layers included)");
        }
        return problems;
    }
}
