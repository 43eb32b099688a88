package dev.nativepack.core.runtimedata;

import dev.nativepack.core.audit.NeverBundle;
import dev.nativepack.core.packages.DpkgDatabase;
import dev.nativepack.core.packages.PackageDatabase;
import dev.nativepack.core.resolve.ProfileDetector;
import dev.nativepack.core.resolve.Resolver;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real tools the runtime-data tests believe: dpkg -L for what a package installs, strings(1)
 * for what a file names, find(1) for what is on disk. Never a value the code under test made.
 */
final class Oracles {
    private Oracles() {
    }

    /** The needs of a program of this machine and its closure, resolved as this machine's loader would. */
    static List<RuntimeNeed> needsOf(String program, PackageDatabase dpkg) throws IOException {
        Path root = Path.of("/");
        ElfFile elf = ElfFile.open(Path.of(program));
        var closure = new Resolver(ProfileDetector.detect(root, elf), root).resolve(elf);
        return new RuntimeDataFinder(root, dpkg, RuntimeDataTable.builtIn(), NeverBundle::category)
                .find(ObjectFile.of(List.of(closure)));
    }

    static List<RuntimeNeed> needsOf(String program) throws IOException {
        return needsOf(program, DpkgDatabase.of(Path.of("/")));
    }

    /** dpkg -L PACKAGE, one path a line. */
    static List<String> dpkgList(String pkg) throws IOException {
        return lines(Toolchain.run(null, Map.of(), "dpkg", "-L", pkg));
    }

    /** The line of dpkg -L PACKAGE that ends with the suffix. */
    static String dpkgListed(String pkg, String suffix) throws IOException {
        for (String line : dpkgList(pkg)) {
            if (line.endsWith(suffix)) {
                return line;
            }
        }
        throw new AssertionError("dpkg -L " + pkg + " lists nothing ending with " + suffix);
    }

    /** strings -a FILE, as a set. */
    static Set<String> strings(String file) throws IOException {
        return new LinkedHashSet<>(lines(Toolchain.run(null, Map.of(), "strings", "-a", file)));
    }

    /** The bytes of the regular files under a path, as find(1) counts them (links not followed). */
    static long bytesOnDisk(String path) throws IOException {
        long sum = 0;
        for (String size : lines(Toolchain.run(null, Map.of(), "find", path, "-type", "f", "-printf", "%s\\n"))) {
            sum += Long.parseLong(size);
        }
        return sum;
    }

    /** How many files and links lie under a directory (or 1 for a file), as find(1) counts them. */
    static int entriesOnDisk(String path) throws IOException {
        return lines(Toolchain.run(null, Map.of(), "find", path, "!", "-type", "d")).size();
    }

    /** readlink -f. */
    static String realPath(String path) throws IOException {
        return Toolchain.run(null, Map.of(), "readlink", "-f", path).strip();
    }

    static RuntimeNeed at(List<RuntimeNeed> needs, String path) {
        for (RuntimeNeed n : needs) {
            if (n.path().equals(path)) {
                return n;
            }
        }
        throw new AssertionError("no need at " + path + " among " + paths(needs));
    }

    static List<String> paths(List<RuntimeNeed> needs) {
        List<String> out = new ArrayList<>();
        for (RuntimeNeed n : needs) {
            out.add(n.path());
        }
        return out;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }
}
