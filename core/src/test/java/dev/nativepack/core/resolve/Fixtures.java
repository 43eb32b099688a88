package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds small programs and libraries with gcc, and resolves them, for the resolver's tests. */
final class Fixtures {
    private final Toolchain toolchain;
    private final Path dir;

    Fixtures(Toolchain toolchain, Path dir) {
        this.toolchain = toolchain;
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * A library {@code lib/<soname>} defining {@code int function(void)}: returns {@code value} plus,
     * for each callee, what the callee returns. Extra gcc arguments follow (-L, -l, -Wl,...).
     */
    Path library(String relative, String soname, String function, int value, List<String> callees, String... args)
            throws IOException {
        StringBuilder src = new StringBuilder();
        for (String c : callees) {
            src.append("int ").append(c).append("(void);\n");
        }
        src.append("int ").append(function).append("(void) { return ").append(value);
        for (String c : callees) {
            src.append(" + ").append(c).append("()");
        }
        src.append("; }\n");
        List<String> all = new ArrayList<>(List.of("-shared", "-fPIC", "-Wl,-soname," + soname));
        all.addAll(List.of(args));
        return toolchain.compile(dir.resolve(relative), src.toString(), all.toArray(String[]::new));
    }

    /** A program printing the value of each function, space separated. */
    Path program(String relative, List<String> functions, String... args) throws IOException {
        StringBuilder src = new StringBuilder("#include <stdio.h>\n");
        for (String f : functions) {
            src.append("int ").append(f).append("(void);\n");
        }
        src.append("int main(void) {\n");
        for (String f : functions) {
            src.append("  printf(\"%d \", ").append(f).append("());\n");
        }
        src.append("  return 0;\n}\n");
        return toolchain.compile(dir.resolve(relative), src.toString(), args);
    }

    /** Runs a native program and returns its exit code and output. */
    static Toolchain.Result run(Path program, Map<String, String> env) throws IOException {
        return Toolchain.exec(program.getParent(), env, program.toString());
    }

    /** Resolves with the profile detected for the root, optionally with LD_LIBRARY_PATH. */
    static Closure resolve(Path file, Path root, String ldLibraryPath) throws IOException {
        LoaderProfile profile = ProfileDetector.detect(root, ElfFile.open(file)).toBuilder()
                .ldLibraryPath(ldLibraryPath).build();
        return new Resolver(profile, root).resolve(file);
    }

    static Closure resolve(Path file) throws IOException {
        return resolve(file, Path.of("/"), null);
    }

    /** (name, path) of every loaded object but the main one, in load order, as ld.so --list prints them. */
    static List<LoaderOracle.Line> lines(Closure c) {
        List<LoaderOracle.Line> out = new ArrayList<>();
        for (LoadedObject o : c.objects().subList(1, c.objects().size())) {
            String name = o.via() == FoundVia.INTERPRETER ? o.path() : o.name();
            out.add(new LoaderOracle.Line(name, o.path()));
        }
        return out;
    }

    static List<String> missingNames(Closure c) {
        return c.missing().stream().map(MissingLibrary::name).toList();
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
