package dev.nativepack.maven;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.core.target.TargetFormatException;
import dev.nativepack.core.target.UnknownTargetException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the target, the project's runtime jars, and turning core's one-line
 * errors into build failures. The goals themselves only call the core workflows the command line
 * calls.
 */
abstract class NativepackMojo extends AbstractMojo {
    private static final Set<String> RUNTIME_SCOPES = Set.of(Artifact.SCOPE_COMPILE, Artifact.SCOPE_RUNTIME);

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /**
     * The platform the code will run on: a target id as {@code nativepack targets} lists them
     * ({@code aws-lambda/java21/x86_64}, {@code java17}, {@code provided.al2023}) or a target file.
     */
    @Parameter(property = "nativepack.target", required = true)
    protected String target;

    /** Where the libraries the target lacks come from (a root file system); this machine by default. */
    @Parameter(property = "nativepack.buildRoot", defaultValue = "/")
    protected File buildRoot;

    @Parameter(property = "nativepack.skip", defaultValue = "false")
    protected boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("nativepack: skipped");
            return;
        }
        Target resolved;
        try {
            resolved = TargetCatalog.builtIn().find(target);
        } catch (UnknownTargetException | TargetFormatException e) {
            throw new MojoFailureException("nativepack: " + e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("nativepack: " + e.getMessage(), e);
        }
        run(resolved);
    }

    abstract void run(Target target) throws MojoExecutionException, MojoFailureException;

    /** The jars on the project's runtime class path, in class-path order (compile and runtime scopes). */
    List<Path> runtimeJars() {
        List<Path> jars = new ArrayList<>();
        for (Artifact artifact : project.getArtifacts()) {
            File file = artifact.getFile();
            if (RUNTIME_SCOPES.contains(artifact.getScope()) && file != null && file.getName().endsWith(".jar")) {
                jars.add(file.toPath());
            }
        }
        return jars;
    }

    /** The project's own jar when the build has made one (goals bound after {@code package}), else null. */
    Path projectJar() {
        File file = project.getArtifact().getFile();
        return file != null && file.isFile() && file.getName().endsWith(".jar") ? file.toPath() : null;
    }

    Path buildDirectory() {
        return Path.of(project.getBuild().getDirectory());
    }
}
