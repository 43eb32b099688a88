package dev.nativepack.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nativepack demo}: builds the bundled example and shows what inspect and tree say about it. */
final class DemoCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final RunEnvironment environment;
    private final CommandSpec spec = CommandSpecs.create("demo", this,
            "Compile, audit, bundle and verify the bundled example.",
            "Compile the bundled example (examples/hello-native: a program, its own library "
                    + "libgreet.so.1 found through $ORIGIN/lib, and libm) with gcc into target/demo/, then "
                    + "run inspect and tree on it, audit it against AWS Lambda's provided.al2023 and "
                    + "provided.al2, bundle it for provided.al2023 into target/demo/function.zip and run "
                    + "the bundle in the target-shaped sandbox (needs bubblewrap), explaining each step.",
            "%nExamples:",
            "  ./nativepack demo",
            "%nExit code 1 means gcc is missing or failed, or the tree found a problem.");
    private final ColourOptions colour;

    DemoCommand(PrintStream out, PrintStream err, RunEnvironment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        colour = new ColourOptions(spec);
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        Path home = environment.home();
        Path program;
        try {
            program = DemoBuild.build(home.resolve("examples/hello-native"), home.resolve("target/demo"));
        } catch (DemoBuild.Failure failure) {
            err.println("nativepack: demo: " + failure.getMessage());
            return ExitCodes.NOT_FOUND;
        }
        boolean coloured = colour.enabled(spec.commandLine().getParseResult(), environment);
        String colourFlag = coloured ? "--color=always" : "--color=never";
        String shown = home.relativize(program).toString();
        heading("Built " + shown + " and target/demo/lib/libgreet.so.1 with gcc.");
        heading("$ nativepack inspect " + shown);
        int inspected = Main.run(out, err, environment, "inspect", colourFlag, program.toString());
        heading("$ nativepack tree " + shown);
        int resolved = Main.run(out, err, environment, "tree", colourFlag, program.toString());
        heading("$ nativepack audit " + shown + " --target provided.al2023");
        int audited = Main.run(out, err, environment, "audit", colourFlag, program.toString(), "--target",
                "provided.al2023");
        heading("$ nativepack audit " + shown + " --target provided.al2 --fail-on none");
        Main.run(out, err, environment, "audit", colourFlag, program.toString(), "--target", "provided.al2",
                "--fail-on", "none");
        Path archive = home.resolve("target/demo/function.zip");
        heading("$ nativepack bundle " + shown + " --target provided.al2023 -o " + home.relativize(archive)
                + " --verify");
        int bundled = Main.run(out, err, environment, "bundle", colourFlag, program.toString(), "--target",
                "provided.al2023", "-o", archive.toString(), "--verify");
        out.println();
        out.println("What this showed:");
        out.println("  - inspect read the program without running it: an x86_64 executable that NEEDs");
        out.println("    libgreet.so.1, libm.so.6 and libc.so.6, and carries DT_RPATH $ORIGIN/lib, so the");
        out.println("    loader looks in lib/ next to the program before the system directories.");
        out.println("  - tree resolved those names as glibc's ld.so would: libgreet.so.1 through that RPATH,");
        out.println("    libm and libc from the system. On a serverless platform the system half must come");
        out.println("    from the platform's own glibc, and libgreet must travel with the program.");
        out.println("  - audit resolved the same names on the target as data: libc and libm come from the");
        out.println("    platform, libgreet from beside the program. provided.al2023 (glibc 2.34) runs it;");
        out.println("    on provided.al2 (glibc 2.26) the loader would refuse it, because a program linked");
        out.println("    against glibc 2.34 or later needs __libc_start_main@GLIBC_2.34. The fix says how.");
        out.println("  - bundle wrote " + home.relativize(archive) + ": the program as bootstrap with DT_RPATH");
        out.println("    $ORIGIN/lib, libgreet.so.1 in lib/, both stripped, and nativepack.json listing every");
        out.println("    file with its sha256. verify ran it in a sandbox holding only provided.al2023's");
        out.println("    libraries, /var/task read-only and no network: it started, so it will on Lambda.");
        return Math.max(Math.max(inspected, resolved), Math.max(audited, bundled));
    }

    private void heading(String text) {
        out.println();
        out.println(text);
    }
}
