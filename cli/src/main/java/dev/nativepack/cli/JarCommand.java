package dev.nativepack.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nativepack jar}: the natives embedded in jars; its work is done by {@code scan} and {@code prune}. */
final class JarCommand implements Callable<Integer> {
    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create("jar", this,
            "List or prune the native libraries embedded in jars.",
            "Java libraries with native parts (sqlite-jdbc, zstd-jni, JNA, snappy-java, the Lambda "
                    + "runtime client, ...) ship one native per platform inside their jar. `jar scan` lists "
                    + "them, identified from their content, and checks those for a target; `jar prune` "
                    + "removes the ones for other platforms; `jar bundle` writes a Java function's zip with "
                    + "its jars pruned and audited.",
            "%nExamples:",
            "  nativepack jar scan build/libs/app.jar --target java21",
            "  nativepack jar prune build/libs/app.jar --target java21 -o build/app-java21.jar",
            "  nativepack jar bundle build/libs/app.jar build/deps/*.jar --target java21 -o function.zip");

    JarCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.err = err;
        spec.usageMessage().synopsisSubcommandLabel("(scan | prune | bundle)");
        spec.addSubcommand("scan", new CommandLine(new JarScanCommand(out, err, environment).spec()));
        spec.addSubcommand("prune", new CommandLine(new JarPruneCommand(out, err).spec()));
        spec.addSubcommand("bundle", new CommandLine(new JarBundleCommand(out, err).spec()));
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        err.println("nativepack jar: a command is required: scan, prune or bundle");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }
}
