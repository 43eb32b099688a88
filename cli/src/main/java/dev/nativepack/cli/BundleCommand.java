package dev.nativepack.cli;

import dev.nativepack.core.archive.ArchiveSummary;
import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.bundle.BundleBuilder;
import dev.nativepack.core.bundle.BundleException;
import dev.nativepack.core.bundle.BundleFile;
import dev.nativepack.core.bundle.DataSelection;
import dev.nativepack.core.bundle.BundlePlan;
import dev.nativepack.core.bundle.BundlePlanner;
import dev.nativepack.core.bundle.SizeLimits;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.bundle.BundleResult;
import dev.nativepack.core.bundle.Layout;
import dev.nativepack.core.target.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code nativepack bundle}: a program and what the target lacks, as a deployable zip. */
final class BundleCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("bundle", this,
            "Package programs with the libraries the target lacks, as a deployable zip.",
            "Resolve each entry as the target's loader would, copy what the target lacks (each library "
                    + "once, under its soname), strip everything, give the entries a DT_RPATH that makes "
                    + "the bundled libraries win over the target's, and write a reproducible zip (or "
                    + "directory) with a manifest, nativepack.json. What cannot work on the target (a "
                    + "glibc too new, a library found nowhere) is refused unless --allow says otherwise. "
                    + "What the libraries load at run time (plugins, data, configuration: proj.db, "
                    + "ImageMagick's coders, tessdata) goes under share/, etc/ and lib/, the plugins "
                    + "resolved like libraries, and the variables that find it are set by a generated "
                    + "bootstrap (function and dir layouts) and written to nativepack.env and "
                    + "nativepack-environment.json (the function configuration, for the other layouts). "
                    + "Large optional parts (PROJ's grids, tessdata languages but eng) are left out "
                    + "unless --data-include names them; --data lists everything with sizes.",
            "%nLayouts:",
            "  function  the first entry as bootstrap at the root, libraries in lib/ (custom runtime)",
            "  helper    bin/ and lib/ under the task root (programs a managed runtime calls)",
            "  layer     bin/ and lib/ for /opt/bin and /opt/lib; no symbolic links",
            "  python    a layer: site-packages trees (directories given as ENTRY) under python/, the",
            "            native closure of their extension modules in lib/, programs in bin/",
            "  dir       the function layout as a plain directory",
            "%nExamples:",
            "  nativepack bundle build/app --target provided.al2023 -o function.zip",
            "  nativepack bundle /usr/bin/gdalinfo --target azure/debian12 --layout helper -o gdal.zip --verify",
            "  nativepack bundle tool --target aws-lambda/provided.al2023/arm64 --layout layer -o layer.zip",
            "  nativepack bundle build/site-packages --target python3.12 --layout python -o layer.zip",
            "  nativepack bundle /usr/bin/tesseract --target azure/debian12 -o ocr.zip --data",
            "  nativepack bundle /usr/bin/tesseract --target azure/debian12 -o ocr.zip \\",
            "      --data-include share/tessdata/deu.traineddata --data-exclude 'share/proj/*.gsb'",
            "%nSOURCE_DATE_EPOCH sets the timestamps in the archive (default 1980-01-01).",
            ExitCodes.HEADING,
            "  0  bundle written (and verified, with --verify)",
            "  1  refused (findings that stop it), over the target's size limits, or verification failed",
            ExitCodes.LINE_USAGE,
            "  3  bad input: a missing or unreadable entry, an output that cannot be written",
            ExitCodes.LINE_INTERNAL);
    private final PositionalParamSpec entries = PositionalParamSpec.builder().paramLabel("ENTRY").arity("1..*")
            .required(true).type(List.class).auxiliaryTypes(String.class)
            .description("Programs to bundle (the first becomes bootstrap in the function layout); with "
                    + "--layout python also site-packages directories.").build();
    private final OptionSpec target = OptionSpec.builder("--target", "-t").paramLabel("TARGET").required(true)
            .type(String.class).description("Target id or target file.").build();
    private final OptionSpec output = OptionSpec.builder("-o", "--output").paramLabel("OUTPUT").required(true)
            .type(String.class).description("The zip (or directory, with --layout dir) to write.").build();
    private final OptionSpec layout = OptionSpec.builder("--layout").paramLabel("LAYOUT").type(String.class)
            .defaultValue("function").description("function (default), helper, layer, python or dir.").build();
    private final OptionSpec include = OptionSpec.builder("--include").paramLabel("PATH[:DEST]").type(List.class)
            .auxiliaryTypes(String.class).description("An extra file, at DEST inside the bundle (repeatable).").build();
    private final OptionSpec allow = OptionSpec.builder("--allow").paramLabel("RULE").type(List.class)
            .auxiliaryTypes(String.class).description("Bundle despite errors of this audit rule (repeatable).").build();
    private final OptionSpec bundleLibrary = OptionSpec.builder("--bundle-library").paramLabel("SONAME")
            .type(List.class).auxiliaryTypes(String.class).description("Bundle this machine's copy of a library the "
                    + "target has too (a newer or differently built one), renamed so that it is the one loaded "
                    + "(repeatable).").build();
    private final OptionSpec noStrip = OptionSpec.builder("--no-strip").type(boolean.class)
            .description("Keep symbol tables and debug information.").build();
    private final OptionSpec keepDebug = OptionSpec.builder("--keep-debug").type(boolean.class)
            .description("Keep what stripping removes in OUTPUT.debug.zip (with .gnu_debuglink in each file).").build();
    private final OptionSpec verify = OptionSpec.builder("--verify").type(boolean.class)
            .description("Right after bundling, in the target-shaped sandbox: run bootstrap (function and dir "
                    + "layouts), or have the target's loader load every ELF file (verify --loads).").build();
    private final OptionSpec buildRoot = OptionSpec.builder("--build-root").paramLabel("DIR").type(Path.class)
            .defaultValue("/").description("Where libraries the target lacks are taken from (default: /).").build();
    private final OptionSpec cacheDir = OptionSpec.builder("--cache-dir").paramLabel("DIR").type(Path.class)
            .description("Keep prepared and compressed files here for the next bundle (default: "
                    + "$XDG_CACHE_HOME/nativepack/bundle or ~/.cache/nativepack/bundle).").build();
    private final OptionSpec noCache = OptionSpec.builder("--no-cache").type(boolean.class)
            .description("Neither use nor fill the cache.").build();
    private final OptionSpec level = OptionSpec.builder("--compression-level").paramLabel("N").type(int.class)
            .defaultValue("9").description("Deflate level, 0 (store) to 9 (smallest, default).").build();
    private final OptionSpec dataList = OptionSpec.builder("--data").type(boolean.class)
            .description("List the run-time data and plugins the bundle would bring and leave out, with sizes "
                    + "(deflated too) against the target's limits, and write nothing.").build();
    private final OptionSpec dataInclude = OptionSpec.builder("--data-include").paramLabel("PATTERN").type(List.class)
            .auxiliaryTypes(String.class).description("Bring run-time data left out by default: a glob over paths in "
                    + "the bundle, e.g. share/tessdata/deu.traineddata, 'share/proj/*.tif', share/fonts/truetype/noto "
                    + "(repeatable).").build();
    private final OptionSpec dataExclude = OptionSpec.builder("--data-exclude").paramLabel("PATTERN").type(List.class)
            .auxiliaryTypes(String.class).description("Leave out run-time data: a glob over paths in the bundle, "
                    + "e.g. share/fonts, 'lib/ImageMagick/coders/x*'; '*' leaves out all (repeatable; wins over "
                    + "--data-include).").build();
    private final ColourOptions colour;

    BundleCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        spec.addPositional(entries).addOption(target).addOption(output).addOption(layout).addOption(include)
                .addOption(allow).addOption(noStrip).addOption(keepDebug).addOption(verify).addOption(buildRoot)
                .addOption(cacheDir).addOption(noCache).addOption(level).addOption(bundleLibrary)
                .addOption(dataList).addOption(dataInclude).addOption(dataExclude);
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    private Path cacheDirectory(ParseResult parsed) {
        if (parsed.hasMatchedOption(noCache)) {
            return null;
        }
        Path chosen = cacheDir.getValue();
        return chosen != null ? chosen : dev.nativepack.core.cache.FileCache.defaultRoot().resolve("bundle");
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Layout chosen;
        List<BundlePlanner.Include> includes = new ArrayList<>();
        DataSelection selection;
        try {
            List<String> in = dataInclude.getValue();
            List<String> ex = dataExclude.getValue();
            selection = new DataSelection(in == null ? List.of() : in, ex == null ? List.of() : ex);
            chosen = Layout.parse(layout.getValue());
            List<String> specs = include.getValue();
            for (String s : specs == null ? List.<String>of() : specs) {
                includes.add(BundlePlanner.Include.parse(s));
            }
            int n = level.getValue();
            if (n < 0 || n > 9) {
                throw new IllegalArgumentException("--compression-level must be 0 to 9, not " + n);
            }
        } catch (IllegalArgumentException e) {
            err.println("nativepack bundle: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        TargetChoice.Result choice = TargetChoice.load(target.getValue());
        if (choice.target() == null) {
            err.println("nativepack bundle: " + choice.problem());
            return choice.exitCode();
        }
        Target t = choice.target();
        List<Path> programs = new ArrayList<>();
        for (String e : List.<String>copyOf(entries.getValue())) {
            Path p = Path.of(e);
            if (!Files.isRegularFile(p) && !Files.isDirectory(p)) {
                err.println("nativepack bundle: " + e + ": no such file");
                return ExitCodes.BAD_INPUT;
            }
            programs.add(p);
        }
        List<String> allowed = allow.getValue();
        String outputName = output.getValue();
        Path out = Path.of(outputName);
        boolean dir = chosen == Layout.DIR;
        BundleResult result;
        BundlePlan plan;
        try {
            List<String> forced = bundleLibrary.getValue();
            plan = new BundlePlanner(t, buildRoot.getValue(), new LinkedHashSet<>(allowed == null ? List.of() : allowed),
                    new LinkedHashSet<>(forced == null ? List.of() : forced), selection).plan(programs, chosen, includes);
            if (parsed.hasMatchedOption(dataList)) {
                DataReport.inventory(this.out, t, plan, level.getValue(), !parsed.hasMatchedOption(noStrip));
                return ExitCodes.OK;
            }
            ArchiveTimestamp time = ArchiveTimestamp.fromEnvironment();
            result = new BundleBuilder(new BundleBuilder.Options(!parsed.hasMatchedOption(noStrip),
                    parsed.hasMatchedOption(keepDebug), dir, time, VersionProvider.version(), cacheDirectory(parsed),
                    level.getValue())).build(plan, out);
        } catch (BundleException e) {
            err.println("nativepack bundle: " + e.getMessage());
            for (Finding f : e.findings()) {
                err.println("  " + f.rule().id() + ": " + f.message());
                if (!f.fix().isEmpty()) {
                    err.println("    fix: " + f.fix());
                }
            }
            return e.findings().isEmpty() ? ExitCodes.BAD_INPUT : ExitCodes.NOT_FOUND;
        } catch (IOException | UncheckedIOException e) {
            err.println("nativepack bundle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        boolean withinLimits = report(t, plan, result);
        if (!withinLimits) {
            return ExitCodes.NOT_FOUND;
        }
        if (parsed.hasMatchedOption(verify)) {
            List<String> args = new ArrayList<>(List.of("verify", out.toString(), "--target", target.getValue()));
            if (chosen != Layout.FUNCTION && chosen != Layout.DIR) {
                // No bootstrap: the programs of bin/ may need arguments, a layer's modules an interpreter.
                args.add("--loads");
            }
            return Main.run(this.out, err, environment, args.toArray(String[]::new));
        }
        return ExitCodes.OK;
    }

    /** The summary: files, renames, sizes against the limits; false when a limit is exceeded. */
    private boolean report(Target t, BundlePlan plan, BundleResult r) {
        ArchiveSummary s = r.summary();
        out.println("wrote " + s.output() + " for " + t.id() + " (" + plan.layout().label() + " layout)");
        long libraries = plan.files().stream().filter(f -> f.role() == BundleFile.Role.LIBRARY).count();
        long plugins = plan.files().stream().filter(f -> f.role() == BundleFile.Role.PLUGIN).count();
        long data = plan.files().stream().filter(f -> f.role() == BundleFile.Role.DATA).count();
        out.println("  " + (plan.files().size() - libraries - plugins - data) + " entries, " + libraries
                + " libraries the target lacks, " + (plugins + data == 0 ? "" : plugins + " plugins and " + data
                + " data files, ") + "manifest nativepack.json, SBOM sbom.cdx.json");
        for (Map.Entry<String, String> rename : plan.renames().entrySet()) {
            out.println("  renamed " + rename.getKey() + " -> " + rename.getValue() + " (loaded instead of the target's copy)");
        }
        out.println("  stripped " + Sizes.of(r.strippedBytes()) + "; search-path edits added " + Sizes.of(r.rpathBytes()));
        out.println("  size: " + Sizes.of(s.archiveBytes()) + " zipped, " + Sizes.of(s.uncompressedBytes()) + " unpacked");
        for (ArchiveSummary.TopLevel top : s.topLevel()) {
            out.println("    " + top.name() + (top.directory() ? "/" : "") + "  " + Sizes.of(top.uncompressedBytes())
                    + " (" + Sizes.of(top.compressedBytes()) + " compressed)");
        }
        DataReport.summary(out, plan);
        if (r.debugArchive() != null) {
            out.println("  debug information: " + r.debugArchive());
        }
        if (r.packageProblem() != null) {
            out.println("  note: the files' packages are not named in nativepack.json and sbom.cdx.json: the package "
                    + "database could not be read (" + r.packageProblem() + ")");
        }
        for (Finding f : plan.warnings()) {
            out.println("  " + f.severity().label() + " " + f.rule().id() + ": " + f.message());
            if (!f.fix().isEmpty()) {
                out.println("    fix: " + f.fix());
            }
        }
        List<String> exceeded = SizeLimits.exceeded(t, s, plan.layout() != Layout.DIR);
        for (String problem : exceeded) {
            err.println("nativepack bundle: " + problem);
        }
        boolean ok = exceeded.isEmpty();
        return ok;
    }
}
