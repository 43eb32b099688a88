package dev.nativepack.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The training run for the class-data-sharing archive the launcher creates: exercises the common
 * commands once in a single JVM, so the classes they load are archived and later starts map them
 * instead of loading and verifying them. Failures are ignored: training must never break a launch.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** {@code jar scan} of the command line's own dependency jars: zip reading and native identification. */
    private static List<String> jarScan() {
        String home = System.getProperty("nativepack.home", ".");
        return List.of("jar", "scan", home + "/cli/target/lib", "--target", "java21");
    }

    /**
     * An audit of this JVM's launcher, whose libjli and libz come from this machine: the audit's
     * path for libraries a bundle brings (their run-time data, dpkg and the strings) runs too,
     * which /bin/ls, all of whose libraries the targets have, never takes.
     */
    private static List<String> auditOfTheJvm() {
        return List.of("audit", "--target", "provided.al2023", System.getProperty("java.home") + "/bin/java");
    }

    /** {@code args}: ELF files to train on (the launcher passes /bin/ls). */
    public static void main(String[] args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        for (String file : args) {
            for (List<String> command : List.of(
                    List.of("inspect", file), List.of("inspect", "--json", "--symbols", file),
                    List.of("tree", file), List.of("tree", "--json", file), List.of("--help"),
                    List.of("inspect", "--help"), List.of("--version"), List.of("inspect", "/nonexistent"),
                    List.of("audit", "--target", "provided.al2023", file),
                    // An older glibc and fewer libraries: version findings, advice and wrapped text.
                    List.of("audit", "--target", "provided.al2", file),
                    List.of("audit", "--target", "aws-lambda/provided.al2/arm64", "--format", "json", file),
                    List.of("audit", "--target", "provided.al2023", "--format", "sarif", file),
                    List.of("targets"), jarScan(), auditOfTheJvm())) {
                try {
                    Main.run(discard, discard, command.toArray(String[]::new));
                } catch (RuntimeException | LinkageError ignored) {
                    // A command that does not work yet must not stop the others from being trained.
                }
            }
        }
    }
}
