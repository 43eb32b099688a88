package dev.nativepack.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the {@code nativepack} command line: one small class per command builds its picocli model. */
public final class Main {
    private Main() {
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
        List<CommandSpec> commands = commands(args.length > 0 ? args[0] : "", out, err, environment);
        CommandLine commandLine;
        String[] arguments = args;
        if (commands.size() == 1) {
            // A known command runs as the only command line: every picocli CommandLine registers its
            // built-in converters again, which costs as much start-up time as the model itself.
            CommandSpec command = commands.get(0);
            commandLine = new CommandLine(command.name(RootCommand.NAME + " " + command.name()));
            arguments = Arrays.copyOfRange(args, 1, args.length);
        } else {
            commandLine = new CommandLine(new RootCommand(err).spec());
            commands.forEach(commandLine::addSubcommand);
        }
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        commandLine.setOut(outWriter).setErr(errWriter);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(helpColour(environment, args)));
        commandLine.setExecutionExceptionHandler(new InternalErrors(err));
        int code = commandLine.execute(arguments);
        outWriter.flush();
        errWriter.flush();
        out.flush();
        return code;
    }

    /**
     * Each command's model costs classes to load and objects to build: only the command being run,
     * or all of them for help and for unknown names.
     */
    private static List<CommandSpec> commands(String name, PrintStream out, PrintStream err,
            RunEnvironment environment) {
        return switch (name) {
            case "inspect" -> List.of(new InspectCommand(out, err, environment).spec());
            case "tree" -> List.of(new TreeCommand(out, err, environment).spec());
            case "demo" -> List.of(new DemoCommand(out, err, environment).spec());
            case "snapshot" -> List.of(new SnapshotCommand(out, err).spec());
            case "audit" -> List.of(new AuditCommand(out, err, environment).spec());
            case "bundle" -> List.of(new BundleCommand(out, err, environment).spec());
            case "verify" -> List.of(new VerifyCommand(out, err, environment).spec());
            case "invoke" -> List.of(new InvokeCommand(out, err, environment).spec());
            case "serve" -> List.of(new ServeCommand(out, err).spec());
            case "targets" -> List.of(new TargetsCommand(out, environment).spec());
            case "jar" -> List.of(new JarCommand(out, err, environment).spec());
            default -> List.of(new InspectCommand(out, err, environment).spec(),
                    new TreeCommand(out, err, environment).spec(), new AuditCommand(out, err, environment).spec(),
                    new BundleCommand(out, err, environment).spec(), new VerifyCommand(out, err, environment).spec(),
                    new InvokeCommand(out, err, environment).spec(), new ServeCommand(out, err).spec(),
                    new SnapshotCommand(out, err).spec(), new TargetsCommand(out, environment).spec(),
                    new JarCommand(out, err, environment).spec(), new DemoCommand(out, err, environment).spec());
        };
    }

    /** Help is printed before the colour options are parsed, so look for them in the raw arguments. */
    private static Ansi helpColour(RunEnvironment environment, String[] args) {
        boolean off = Arrays.asList(args).contains("--no-color") || Arrays.asList(args).contains("--color=never");
        boolean on = Arrays.asList(args).contains("--color=always");
        return on ? Ansi.ON : (off || !environment.terminal() || environment.noColorRequested()) ? Ansi.OFF : Ansi.ON;
    }
}
