package dev.nativepack.cli;

import dev.nativepack.core.target.SnapshotException;
import dev.nativepack.core.target.SnapshotOptions;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetJson;
import dev.nativepack.core.target.TargetSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code nativepack snapshot}: captures a target (libraries, loader, C library) from a root file system. */
final class SnapshotCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final CommandSpec spec = CommandSpecs.create("snapshot", this,
            "Capture a target from a root file system.",
            "Read a root file system (an unpacked image, a debootstrap'd tree, or / itself) and "
                    + "write it as a target: its C library and version, how its loader searches, every "
                    + "shared library it holds with the symbol versions it defines, and the newest "
                    + "GLIBC_, GLIBCXX_, CXXABI_ and GCC_ versions. Nothing in the root is run.",
            "%nThe file is replaced whole or not at all; a summary line goes to stdout.",
            "%nExamples:",
            "  nativepack snapshot --name acme/build-host -o build-host.json",
            "  nativepack snapshot --root /srv/rootfs --name acme/base -o base.json",
            "  nativepack snapshot --root rootfs --name acme/fn --layer-root /opt -o fn.json",
            "%nExit code 3 also means the root is missing or holds no C library.");
    private final OptionSpec root = OptionSpec.builder("--root").paramLabel("DIR").type(String.class)
            .defaultValue("/").description("The root file system to capture (default: /).").build();
    private final OptionSpec name = OptionSpec.builder("--name").paramLabel("NAME").type(String.class)
            .required(true).description("The target's id, e.g. my-company/base-image/x86_64.").build();
    private final OptionSpec output = OptionSpec.builder("-o", "--output").paramLabel("FILE").type(String.class)
            .required(true).description("Where to write the target (JSON).").build();
    private final OptionSpec arch = OptionSpec.builder("--arch").paramLabel("ARCH").type(String.class)
            .description("Capture this architecture's libraries (x86_64, arm64, ...) in a root that holds "
                    + "several (default: that of the root's /bin/sh).").build();
    private final OptionSpec taskRoot = OptionSpec.builder("--task-root").paramLabel("DIR").type(String.class)
            .defaultValue(SnapshotOptions.DEFAULT_TASK_ROOT)
            .description("Where the platform unpacks a function (default: ${DEFAULT-VALUE}).").build();
    private final OptionSpec layerRoot = OptionSpec.builder("--layer-root").paramLabel("DIR").type(String.class)
            .description("Where the platform unpacks layers (default: no layers).").build();
    private final OptionSpec ldLibraryPath = OptionSpec.builder("--ld-library-path").paramLabel("PATH")
            .type(String.class).defaultValue("")
            .description("LD_LIBRARY_PATH as the platform sets it (default: unset).").build();
    private final OptionSpec path = OptionSpec.builder("--path").paramLabel("PATH").type(String.class)
            .defaultValue(SnapshotOptions.DEFAULT_PATH)
            .description("PATH as the platform sets it (default: ${DEFAULT-VALUE}).").build();

    SnapshotCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        spec.addOption(root).addOption(name).addOption(output).addOption(arch).addOption(taskRoot)
                .addOption(layerRoot).addOption(ldLibraryPath).addOption(path);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        String rootArg = root.getValue();
        SnapshotOptions options = SnapshotOptions.builder(name.getValue()).architecture(arch.getValue())
                .taskRoot(taskRoot.getValue()).layerRoot(layerRoot.getValue())
                .ldLibraryPath(ldLibraryPath.getValue()).path(path.getValue()).build();
        Target target;
        try {
            target = TargetSnapshot.capture(Path.of(rootArg), options);
        } catch (SnapshotException e) {
            err.println("nativepack: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            InputErrors.report(err, rootArg, e);
            return ExitCodes.BAD_INPUT;
        }
        String file = output.getValue();
        try {
            AtomicOutput.write(Path.of(file), TargetJson.write(target));
        } catch (IOException | InvalidPathException e) {
            InputErrors.report(err, file, e);
            return ExitCodes.BAD_INPUT;
        }
        out.println("wrote " + file + ": " + target.libraries().size() + " libraries, " + target.libc().family() + " "
                + target.libc().version() + ", " + target.architecture());
        return ExitCodes.OK;
    }
}
