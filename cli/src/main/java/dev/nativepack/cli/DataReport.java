package dev.nativepack.cli;

import dev.nativepack.core.bundle.BundleData;
import dev.nativepack.core.bundle.BundleFile;
import dev.nativepack.core.bundle.BundlePlan;
import dev.nativepack.core.bundle.DataChoice;
import dev.nativepack.core.bundle.DataSizes;
import dev.nativepack.core.bundle.EnvironmentFiles;
import dev.nativepack.core.bundle.GeneratedFile;
import dev.nativepack.core.bundle.Layout;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.runtimedata.OptionalPart;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code bundle} says about the run-time data it brings: a summary after writing, the inventory of {@code --data}. */
final class DataReport {
    private DataReport() {
    }

    /** A few lines after the bundle is written: what was brought, what was left out and how to bring it, the environment. */
    static void summary(PrintStream out, BundlePlan plan) {
        BundleData d = plan.data();
        if (d.choices().isEmpty()) {
            return;
        }
        out.println("  run-time data (--data lists it with sizes, and what brings the rest):");
        List<String> leftOut = new ArrayList<>();
        for (DataChoice c : d.choices()) {
            if (c.status() != DataChoice.Status.LEFT_OUT) {
                out.println("    " + line(c));
            } else {
                leftOut.add(c.need().destination() + " (" + c.need().library() + ")");
            }
        }
        if (!leftOut.isEmpty()) {
            out.println("    left out, as nothing would find them in the bundle or --data-exclude says so: "
                    + String.join(", ", leftOut));
        }
        environment(out, plan);
        for (String note : d.notes()) {
            out.println("  warning runtime-data: " + note);
        }
    }

    private static void environment(PrintStream out, BundlePlan plan) {
        BundleData d = plan.data();
        if (d.environment().isEmpty()) {
            return;
        }
        boolean wrapped = plan.generated().stream().anyMatch(g -> g.path().equals("bootstrap"));
        out.println("  environment" + (wrapped ? ", set by bootstrap before it runs "
                + plan.files().get(0).path() : ", to set in the function's configuration") + " ("
                + EnvironmentFiles.ENV_FILE + ", " + EnvironmentFiles.CONFIGURATION_FILE + "):");
        for (Map.Entry<String, String> v : d.environment().entrySet()) {
            out.println("    " + v.getKey() + "=" + v.getValue());
        }
    }

    private static String line(DataChoice c) {
        String head = c.need().destination() + "  " + c.need().kind().label() + " of " + c.need().library();
        switch (c.status()) {
            case BUNDLED:
                String s = head + ", " + Sizes.of(c.bytes()) + " in " + c.files() + (c.files() == 1 ? " file" : " files");
                if (c.why() != null) {
                    s += " (" + c.why() + ")";
                }
                if (!c.leftOut().isEmpty()) {
                    s += "; left out: " + parts(c.leftOut()) + " (--data-include "
                            + c.need().destination() + "/NAME brings one)";
                }
                return s;
            case LEFT_OUT:
                return head + ": left out, " + Sizes.of(c.skipped()) + ": " + c.why();
            default:
                return head + ": from the target: " + c.why();
        }
    }

    /** "7 grids, 14.0 MiB: BETA2007.gsb 81.7 KiB, ..." (the first few). */
    private static String parts(List<OptionalPart> parts) {
        Map<String, List<OptionalPart>> byPart = new LinkedHashMap<>();
        for (OptionalPart p : parts) {
            byPart.computeIfAbsent(p.part(), k -> new ArrayList<>()).add(p);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<OptionalPart>> e : byPart.entrySet()) {
            long bytes = e.getValue().stream().mapToLong(OptionalPart::bytes).sum();
            List<String> names = new ArrayList<>();
            for (OptionalPart p : e.getValue()) {
                if (names.size() == 4) {
                    names.add("and " + (e.getValue().size() - 4) + " more");
                    break;
                }
                names.add(p.path());
            }
            int n = e.getValue().size();
            out.add(n + " " + e.getKey() + (n == 1 ? "" : "s") + ", " + Sizes.of(bytes) + ": " + String.join(", ", names));
        }
        return String.join("; ", out);
    }

    /**
     * {@code --data}: every need with what the bundle brings of it and leaves out, in bytes and
     * deflated as the archive would, against the target's limits. Nothing is written.
     */
    static void inventory(PrintStream out, Target t, BundlePlan plan, int level, boolean strip) throws IOException {
        BundleData d = plan.data();
        out.println("run-time data of " + String.join(", ", plan.files().stream()
                .filter(f -> f.role() == BundleFile.Role.ENTRY).map(f -> f.source().getFileName().toString()).toList())
                + " for " + t.id() + " (" + plan.layout().label() + " layout, unpacked at " + d.root() + ")");
        if (d.choices().isEmpty()) {
            out.println("  none: the libraries load no plugins and read no data that nativepack knows of");
            return;
        }
        DataSizes.Size brought = DataSizes.ZERO;
        DataSizes.Size optional = DataSizes.ZERO;
        for (DataChoice c : d.choices()) {
            DataSizes.Size in = DataSizes.ZERO;
            for (BundleFile f : plan.files()) {
                if ((f.role() == BundleFile.Role.DATA || f.role() == BundleFile.Role.PLUGIN)
                        && (f.path().equals(c.need().destination()) || f.path().startsWith(c.need().destination() + "/"))
                        && c.status() == DataChoice.Status.BUNDLED && c.bytes() > 0) {
                    in = in.plus(strip && f.role() == BundleFile.Role.PLUGIN ? DataSizes.ofStripped(f.source(), level)
                            : DataSizes.of(f.source(), level));
                }
            }
            if (c.status() == DataChoice.Status.BUNDLED && c.bytes() > 0) {
                // Rewritten copies (fonts.conf) are written by the bundle, not copied.
                for (GeneratedFile g : plan.generated()) {
                    if (g.path().startsWith(c.need().destination() + "/")) {
                        in = in.plus(DataSizes.of(g.bytes(), level));
                    }
                }
            }
            brought = brought.plus(in);
            out.println("  " + line(c));
            if (c.status() == DataChoice.Status.BUNDLED && c.bytes() > 0) {
                out.println("      brought: " + size(in) + "; found by " + c.need().sources().stream()
                        .map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toList() + " at " + c.need().path());
                List<OptionalPart> kept = new ArrayList<>(c.need().optionalParts());
                kept.removeAll(c.leftOut());
                if (!kept.isEmpty()) {
                    out.println("      optional parts brought: " + parts(kept) + "  (--data-exclude "
                            + c.need().destination() + "/NAME leaves one out)");
                }
            }
            for (OptionalPart p : c.leftOut()) {
                DataSizes.Size part = DataSizes.ZERO;
                for (Path f : filesOf(c.need().hostPath().resolve(p.path()))) {
                    part = part.plus(strip ? DataSizes.ofStripped(f, level) : DataSizes.of(f, level));
                }
                optional = optional.plus(part);
                out.println("      left out: " + p.part() + " " + p.name() + ", " + size(part)
                        + "  (--data-include " + c.need().destination() + "/" + p.path() + ")");
            }
        }
        environment(out, plan);
        out.println("  data brought: " + size(brought) + "; optional parts left out: " + size(optional)
                + "; with them: " + size(brought.plus(optional)));
        if (t.limits() != null) {
            if (t.limits().zippedBytes() > 0 && plan.layout() != Layout.DIR) {
                out.println("  of " + t.id() + "'s " + Sizes.of(t.limits().zippedBytes()) + " zipped limit: "
                        + percent(brought.zipped(), t.limits().zippedBytes()) + " now, "
                        + percent(brought.plus(optional).zipped(), t.limits().zippedBytes()) + " with the optional parts");
            }
            if (t.limits().unzippedBytes() > 0) {
                out.println("  of its " + Sizes.of(t.limits().unzippedBytes()) + " unpacked limit: "
                        + percent(brought.bytes(), t.limits().unzippedBytes()) + " now, "
                        + percent(brought.plus(optional).bytes(), t.limits().unzippedBytes()) + " with the optional parts");
            }
        }
        for (String note : d.notes()) {
            out.println("  warning runtime-data: " + note);
        }
    }

    private static String size(DataSizes.Size s) {
        return Sizes.of(s.bytes()) + " (" + Sizes.of(s.zipped()) + " zipped)";
    }

    private static String percent(long part, long whole) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static List<Path> filesOf(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        try (var walk = Files.walk(p, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
