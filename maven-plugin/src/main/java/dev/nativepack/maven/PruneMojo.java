package dev.nativepack.maven;

import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.jar.JarInputException;
import dev.nativepack.core.jar.JarPruner;
import dev.nativepack.core.jar.PruneRefusedException;
import dev.nativepack.core.jar.PruneResult;
import dev.nativepack.core.jar.PrunedJar;
import dev.nativepack.core.report.Sizes;
import dev.nativepack.core.target.Target;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes a copy of every runtime dependency jar with the natives of other platforms than the
 * target's removed (everything else byte for byte), as {@code nativepack jar prune} does, into
 * {@code outputDirectory}, and reports the bytes saved per jar.
 */
@Mojo(name = "prune", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class PruneMojo extends NativepackMojo {
    @Parameter(property = "nativepack.pruneDirectory", defaultValue = "${project.build.directory}/nativepack/lib")
    private File outputDirectory;

    /** Prune signed jars too (their remaining entries still verify; the signature files are kept). */
    @Parameter(property = "nativepack.allowSigned", defaultValue = "false")
    private boolean allowSigned;

    /**
     * Also place the target's natives of the libraries that try System.loadLibrary before
     * extracting to /tmp in this directory, so that a cold start skips the extraction.
     */
    @Parameter(property = "nativepack.extractNatives")
    private File extractNatives;

    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        JarPruner pruner = new JarPruner(target, new JarPruner.Options(allowSigned,
                extractNatives == null ? null : extractNatives.toPath()));
        try {
            Files.createDirectories(outputDirectory.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("nativepack: " + outputDirectory + ": cannot create the directory: " + e, e);
        }
        long before = 0;
        long after = 0;
        for (Path jar : runtimeJars()) {
            PruneResult result = prune(pruner, jar, outputDirectory.toPath().resolve(jar.getFileName()));
            PrunedJar top = result.jars().get(0);
            before += top.bytesBefore();
            after += top.bytesAfter();
            if (result.bytesSaved() > 0) {
                getLog().info("nativepack: " + jar.getFileName() + ": saved " + String.format("%,d", result.bytesSaved())
                        + " bytes (" + Sizes.of(top.bytesBefore()) + " -> " + Sizes.of(top.bytesAfter()) + ")");
            }
            for (Path extracted : result.extracted()) {
                getLog().info("nativepack: placed " + extracted + " for System.loadLibrary");
            }
        }
        getLog().info("nativepack: pruned jars for " + target.id() + " in " + outputDirectory + ": "
                + Sizes.of(before) + " -> " + Sizes.of(after));
    }

    static PruneResult prune(JarPruner pruner, Path jar, Path output) throws MojoExecutionException,
            MojoFailureException {
        try {
            return pruner.prune(jar.toString(), output);
        } catch (JarInputException | PruneRefusedException e) {
            throw new MojoFailureException("nativepack: " + e.getMessage());
        } catch (ArchiveWriteException | IOException e) {
            throw new MojoExecutionException("nativepack: " + e.getMessage(), e);
        }
    }
}
