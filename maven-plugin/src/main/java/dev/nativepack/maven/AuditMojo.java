package dev.nativepack.maven;

import dev.nativepack.core.target.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Audits the natives of the project's jar and its runtime dependencies against the target (symbol
 * versions, missing libraries, architecture, C library), as {@code nativepack jar scan --target}
 * does, and fails the build on findings at or above {@code failOn}.
 */
@Mojo(name = "audit", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class AuditMojo extends NativepackMojo {
    /** The mildest severity that fails the build: error, warning, note, or none to only report. */
    @Parameter(property = "nativepack.failOn", defaultValue = "error")
    private String failOn;

    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        List<Path> jars = new ArrayList<>();
        Path own = projectJar();
        if (own != null) {
            jars.add(own);
        }
        jars.addAll(runtimeJars());
        JarAudit.run(target, buildRoot.toPath(), jars, JarAudit.threshold(failOn), getLog());
    }
}
