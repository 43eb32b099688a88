package dev.nativepack.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code nativepack} command: dispatches to one small class per subcommand. */
@Command(name = "nativepack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Makes native code run on serverless platforms: reads ELF files and resolves their "
                + "libraries as the target's loader would, without running them.",
        footer = {"%nExamples:",
            "  nativepack inspect /usr/bin/gdalinfo",
            "  nativepack tree /usr/bin/gdalinfo",
            "  nativepack demo",
            "%nPlanned: targets, snapshot, audit, bundle, verify, invoke, serve, jar scan, jar prune.",
ExitCodes.HEADING, ExitCodes.LINE_OK, ExitCodes.LINE_NOT_FOUND, ExitCodes.LINE_USAGE,
            ExitCodes.LINE_BAD_INPUT, ExitCodes.LINE_INTERNAL})
public final class Main implements Callable<Integer> {
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    private Main(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        // UTF-8 for the tree's box-drawing characters, buffered because trees can be long.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never exits, so tests can call it. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, RunEnvironment.system(), args);
    }

    static int run(PrintStream out, PrintStream err, RunEnvironment environment, String... args) {
        CommandLine commandLine = new CommandLine(new Main(err));
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("inspect", () -> new InspectCommand(out, err, environment));
        commands.put("tree", () -> new TreeCommand(out, err, environment));
        commands.put("demo", () -> new DemoCommand(out, err, environment));
        // picocli reads every registered command's annotations up front, the larger part of start-up:
        // register only the command being run, and all of them for help and for unknown names.
        Supplier<Object> chosen = args.length > 0 ? commands.get(args[0]) : null;
        for (Supplier<Object> command : chosen != null ? List.of(chosen) : commands.values()) {
            commandLine.addSubcommand(command.get());
        }
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        commandLine.setOut(outWriter).setErr(errWriter);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(helpColour(environment, args)));
        commandLine.setExecutionExceptionHandler((problem, failed, parsed) -> {
            err.println("nativepack: internal error: " + problem);
            problem.printStackTrace(err);
            return ExitCodes.INTERNAL_ERROR;
        });
        int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        out.flush();
        return code;
    }

    /** Help is printed before the colour options are parsed, so look for them in the raw arguments. */
    private static Ansi helpColour(RunEnvironment environment, String[] args) {
        boolean off = Arrays.asList(args).contains("--no-color") || Arrays.asList(args).contains("--color=never");
        boolean on = Arrays.asList(args).contains("--color=always");
        return on ? Ansi.ON : (off || !environment.terminal() || environment.noColorRequested()) ? Ansi.OFF : Ansi.ON;
    }

    /** Without a command: show the usage on stderr and fail as a usage error. */
    @Override
    public Integer call() {
        err.println("nativepack: a command is required");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }
}
