package dev.nativepack.core.resolve;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real dynamic loader as the oracle: runs {@code ld.so --list} (natively, or the aarch64
 * loader under qemu-user with the cross sysroot as its prefix) and parses what it printed.
 */
final class LoaderOracle {
    static final Path NATIVE_LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");

    /** One line of the listing: name and path (the same for bare paths such as the interpreter). */
    record Line(String name, String path) {
    }

    record Listing(List<Line> loaded, List<String> notFound, int exitCode, String output) {
        List<String> paths() {
            return loaded.stream().map(Line::path).toList();
        }
    }

    private LoaderOracle() {
    }

    /**
     * Traces like ldd does (LD_TRACE_LOADED_OBJECTS), which lists missing libraries as "not found"
     * instead of stopping at the first one as {@code ld.so --list} does.
     */
    static Listing nativeList(Path program, Map<String, String> env) throws IOException {
        return parse(Toolchain.exec(program.getParent(), trace(env), NATIVE_LOADER.toString(),
                program.toAbsolutePath().toString()));
    }

    private static Map<String, String> trace(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LD_TRACE_LOADED_OBJECTS", "1");
        return all;
    }

    /** The aarch64 loader under qemu-user; qemu maps absolute paths into the sysroot first. */
    static Listing aarch64List(Path sysroot, Path program, Map<String, String> env) throws IOException {
        // -E sets the variable for the guest only: qemu itself is a dynamically linked host program.
        List<String> cmd = new ArrayList<>(List.of("qemu-aarch64", "-L", sysroot.toString(), "-E", "LD_TRACE_LOADED_OBJECTS=1"));
        env.forEach((k, v) -> cmd.addAll(List.of("-E", k + "=" + v)));
        cmd.add(sysroot.resolve("lib/ld-linux-aarch64.so.1").toString());
        cmd.add(program.toAbsolutePath().toString());
        return parse(Toolchain.exec(program.getParent(), Map.of(), cmd.toArray(String[]::new)));
    }

    static Listing parse(Toolchain.Result result) {
        List<Line> loaded = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String raw : result.output().split("\n")) {
            String line = raw.trim();
            int arrow = line.indexOf(" => ");
            if (arrow >= 0) {
                String name = line.substring(0, arrow);
                String rest = line.substring(arrow + 4);
                if (rest.startsWith("not found")) {
                    notFound.add(name);
                } else {
                    loaded.add(new Line(name, stripAddress(rest)));
                }
            } else if (line.contains(" (0x")) {
                String name = stripAddress(line);
                if (!name.isEmpty() && !name.startsWith("linux-vdso") && !name.startsWith("linux-gate")) {
                    loaded.add(new Line(name, name));
                }
            }
        }
        return new Listing(loaded, notFound, result.exitCode(), result.output());
    }

    private static String stripAddress(String s) {
        int paren = s.lastIndexOf(" (0x");
        return (paren >= 0 ? s.substring(0, paren) : s).trim();
    }
}
