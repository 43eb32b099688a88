package dev.nativepack.maven;

import dev.nativepack.core.archive.ArchiveSummary;
import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.audit.Finding;
import dev.nativepack.core.bundle.BundleBuilder;
import dev.nativepack.core.bundle.BundleException;
import dev.nativepack.core.bundle.BundlePlan;
import dev.nativepack.core.bundle.BundlePlanner;
import dev.nativepack.core.bundle.DataSelection;
import dev.nativepack.core.bundle.BundleResult;
import dev.nativepack.core.bundle.Layout;
import dev.nativepack.core.bundle.SizeLimits;
import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.jar.JarInputException;
import dev.nativepack.core.jar.JavaFunctionBundler;
import dev.nativepack.core.jar.PruneRefusedException;
import dev.nativepack.core.jar.PruneResult;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.target.Target;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Writes the function zip for the target and attaches it to the project (classifier {@code lambda}).
 *
 * <p>For a managed Java runtime: the project jar and its runtime dependencies under {@code lib/},
 * their natives pruned to the target's platform and audited. For a provided runtime (an
 * {@code executable} given): the native program as {@code bootstrap} with the libraries the target
 * lacks, as {@code nativepack bundle} writes it.
 */
@Mojo(name = "bundle", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class BundleMojo extends NativepackMojo {
    private final MavenProjectHelper projectHelper;

    /** A native program to bundle as the function's bootstrap (provided runtimes); none for a Java function. */
    @Parameter(property = "nativepack.executable")
    private File executable;

    @Parameter(property = "nativepack.output",
            defaultValue = "${project.build.directory}/${project.build.finalName}-lambda.zip")
    private File output;

    /** Attach the zip to the project, so that install and deploy carry it. */
    @Parameter(property = "nativepack.attach", defaultValue = "true")
    private boolean attach;

    @Parameter(property = "nativepack.classifier", defaultValue = "lambda")
    private String classifier;

    /** Sonames of the target's own libraries to bundle anyway, renamed so that the bundled copy is loaded. */
    @Parameter
    private List<String> bundleLibraries = new ArrayList<>();

    /** Sonames to leave out although the target lacks them (they come from a layer). */
    @Parameter
    private List<String> allowMissing = new ArrayList<>();

    /** Remove the natives of other platforms from the jars (Java functions). */
    @Parameter(property = "nativepack.prune", defaultValue = "true")
    private boolean prune;

    /** Prune signed jars too (Java functions). */
    @Parameter(property = "nativepack.allowSigned", defaultValue = "false")
    private boolean allowSigned;

    /**
     * Place the target's natives of libraries that call System.loadLibrary before extracting to /tmp
     * (zstd-jni, ...) in lib/, so that a cold start skips the extraction (Java functions).
     */
    @Parameter(property = "nativepack.extractNatives", defaultValue = "false")
    private boolean extractNatives;

    /**
     * Run-time data to bring besides what is required (native programs), as {@code bundle --data-include}:
     * globs over paths in the bundle, e.g. {@code share/tessdata/deu.traineddata} or {@code share/proj/*.tif}.
     */
    @Parameter
    private List<String> dataIncludes = new ArrayList<>();

    /** Run-time data to leave out (native programs), as {@code bundle --data-exclude}; exclusion wins. */
    @Parameter
    private List<String> dataExcludes = new ArrayList<>();

    @Parameter(property = "nativepack.compressionLevel", defaultValue = "9")
    private int compressionLevel;

    /** Findings at or above this severity fail the build: error, warning, note or none. */
    @Parameter(property = "nativepack.failOn", defaultValue = "error")
    private String failOn;

    /** The archive's timestamps, as Maven's reproducible builds set them. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    private String outputTimestamp;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    @Inject
    public BundleMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        try {
            // The build directory exists only once something was built there (not in a pom project).
            Files.createDirectories(output.toPath().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new MojoExecutionException("nativepack: " + output.getParent() + ": cannot create the directory: " + e, e);
        }
        ArchiveSummary summary = executable != null ? bundleProgram(target) : bundleJava(target);
        List<String> exceeded = SizeLimits.exceeded(target, summary, true);
        if (!exceeded.isEmpty()) {
            throw new MojoFailureException("nativepack: " + String.join("; ", exceeded));
        }
        if (attach) {
            projectHelper.attachArtifact(project, "zip", classifier, output);
        }
    }

    private ArchiveSummary bundleProgram(Target target) throws MojoExecutionException, MojoFailureException {
        BundleResult result;
        BundlePlan plan;
        try {
            plan = new BundlePlanner(target, buildRoot.toPath(), new LinkedHashSet<>(allowMissing),
                    new LinkedHashSet<>(bundleLibraries), dataSelection())
                    .plan(List.of(executable.toPath()), Layout.FUNCTION, List.of());
            result = new BundleBuilder(new BundleBuilder.Options(true, false, false, timestamp(), pluginVersion,
                    FileCache.defaultRoot().resolve("bundle"), compressionLevel)).build(plan, output.toPath());
        } catch (BundleException e) {
            List<String> lines = new ArrayList<>();
            for (Finding f : e.findings()) {
                lines.add(f.rule().id() + ": " + f.message() + (f.fix().isEmpty() ? "" : " (fix: " + f.fix() + ")"));
            }
            lines.forEach(line -> getLog().error("  " + line));
            throw new MojoFailureException("nativepack: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("nativepack: " + e.getMessage(), e);
        }
        ArchiveSummary s = result.summary();
        long libraries = plan.files().stream()
                .filter(f -> f.role() == dev.nativepack.core.bundle.BundleFile.Role.LIBRARY).count();
        getLog().info("nativepack: wrote " + s.output() + " for " + target.id() + ": " + libraries
                + " libraries the target lacks, " + Sizes.of(s.archiveBytes()) + " zipped, "
                + Sizes.of(s.uncompressedBytes()) + " unpacked");
        for (Finding f : plan.warnings()) {
            getLog().warn("nativepack: " + f.rule().id() + ": " + f.message());
        }
        return s;
    }

    private ArchiveSummary bundleJava(Target target) throws MojoExecutionException, MojoFailureException {
        Path own = projectJar();
        if (own == null) {
            throw new MojoFailureException("nativepack: the project has no jar to bundle: bind the bundle goal "
                    + "after package, or give <executable> for a provided runtime");
        }
        List<Path> jars = new ArrayList<>();
        jars.add(own);
        jars.addAll(runtimeJars());
        // The natives kept after pruning are those for the target, which the audit checks: audited
        // first, a failing build writes no zip.
        JarAudit.run(target, buildRoot.toPath(), jars, JarAudit.threshold(failOn), getLog());
        JavaFunctionBundler.Result result;
        try {
            result = new JavaFunctionBundler(target, new JavaFunctionBundler.Options(prune, allowSigned,
                    extractNatives, timestamp(), compressionLevel))
                    .bundle(jars, buildDirectory().resolve("nativepack/bundle"), output.toPath());
        } catch (JarInputException | PruneRefusedException e) {
            throw new MojoFailureException("nativepack: " + e.getMessage());
        } catch (ArchiveWriteException | IOException e) {
            throw new MojoExecutionException("nativepack: " + e.getMessage(), e);
        }
        for (PruneResult pruned : result.pruned()) {
            if (pruned.bytesSaved() > 0) {
                getLog().info("nativepack: " + Path.of(pruned.input()).getFileName() + ": saved "
                        + String.format("%,d", pruned.bytesSaved()) + " bytes of natives for other platforms");
            }
        }
        for (String placed : result.placedNatives()) {
            getLog().info("nativepack: placed " + placed + " so that System.loadLibrary finds it before extracting");
        }
        ArchiveSummary s = result.summary();
        getLog().info("nativepack: wrote " + s.output() + " for " + target.id() + ": " + jars.size() + " jars under lib/, "
                + Sizes.of(s.archiveBytes()) + " zipped, " + Sizes.of(s.uncompressedBytes()) + " unpacked; pruning saved "
                + Sizes.of(result.bytesSaved()));
        return s;
    }

    private DataSelection dataSelection() throws MojoFailureException {
        try {
            return new DataSelection(dataIncludes, dataExcludes);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("nativepack: " + e.getMessage());
        }
    }

    /** {@code project.build.outputTimestamp} (ISO-8601 or epoch seconds), else SOURCE_DATE_EPOCH, else 1980. */
    ArchiveTimestamp timestamp() throws MojoFailureException {
        if (outputTimestamp == null || outputTimestamp.isBlank() || outputTimestamp.length() == 1) {
            return ArchiveTimestamp.fromEnvironment();
        }
        try {
            long seconds = outputTimestamp.chars().allMatch(Character::isDigit) ? Long.parseLong(outputTimestamp)
                    : java.time.OffsetDateTime.parse(outputTimestamp).toEpochSecond();
            return ArchiveTimestamp.ofEpochSecond(Math.max(seconds, ArchiveTimestamp.MIN_EPOCH_SECOND));
        } catch (RuntimeException e) {
            throw new MojoFailureException("nativepack: project.build.outputTimestamp is neither ISO-8601 nor "
                    + "seconds since 1970: " + outputTimestamp);
        }
    }
}
