package dev.nativepack.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nativepack} itself: run without a command, it shows the usage and fails as a usage error. */
final class RootCommand implements Callable<Integer> {
    static final String NAME = "nativepack";

    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create(NAME, this, null,
            "Makes native code run on serverless platforms: reads ELF files and resolves their "
                    + "libraries as the target's loader would, without running them.",
            "%nExamples:",
            "  nativepack inspect /usr/bin/gdalinfo",
            "  nativepack tree /usr/bin/gdalinfo",
            "  nativepack targets",
            "  nativepack audit build/bootstrap --target provided.al2023",
            "  nativepack snapshot --root /srv/rootfs --name my-image -o my-image.json",
            "  nativepack jar scan build/libs/app.jar --target java21",
            "  nativepack demo");

    RootCommand(PrintStream err) {
        this.err = err;
        spec.usageMessage().synopsisSubcommandLabel("COMMAND");
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        err.println("nativepack: a command is required");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }
}
