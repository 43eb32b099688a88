package dev.nativepack.core.runtimedata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.cache.FileCache;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths compiled into files, held against what strings(1) prints. */
class EmbeddedPathsTest {
    private static final String SOURCE = "#include <stdio.h>\n"
            + "static const char *names[] = {\n"
            + "  \"/usr/share/acme\", \"/etc/acme/acme.conf\", \"/opt/acme//plugins/\",\n"
            + "  \"/usr/lib/acme:/usr/lib64/acme\",\n"
            + "  \"/usr/share/%s/data\", \"cannot open /usr/share/acme/x\", \"/usr/share/a b\", \"/home/user/acme\",\n"
            + "};\n"
            + "static char writable[] = \"/usr/local/share/acme\";\n"
            + "int main(int argc, char **argv) { puts(names[argc % 8]); puts(writable); return 0; }\n";

    @TempDir
    Path dir;

    @Test
    void theAbsolutePathsStringsPrintsAreFoundAndNormalised() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("acme"), SOURCE, "-O2");

        List<String> found = EmbeddedPaths.in(ElfFile.open(prog));

        assertThat(found).containsExactlyInAnyOrder("/usr/share/acme", "/etc/acme/acme.conf", "/opt/acme/plugins",
                "/usr/lib/acme", "/usr/lib64/acme", "/usr/local/share/acme");
        // strings(1) also reads .interp; the program interpreter is the loader, which is the target's.
        List<String> oracle = fromStrings(prog);
        String interpreter = Toolchain.run(null, Map.of(), "readelf", "-l", prog.toString())
                .replaceAll("(?s).*Requesting program interpreter: ([^\\]]+)].*", "$1");
        assertThat(oracle).contains(interpreter);
        oracle.remove(interpreter);
        assertThat(found).containsExactlyInAnyOrderElementsOf(oracle);
    }

    @Test
    void aLibraryWithoutCodeIsNotRead() throws Exception {
        // A data library like ICU's: a table of bytes and no functions of its own.
        Path data = Toolchain.NATIVE.compile(dir.resolve("libdata.so"),
                "const char table[] = \"/usr/share/acme\\0more data\";\n", "-shared", "-fPIC", "-nostdlib");

        assertThat(fromStrings(data)).contains("/usr/share/acme");
        assertThat(EmbeddedPaths.in(ElfFile.open(data))).isEmpty();
    }

    @Test
    void keptPathsAreTheScansUntilTheFileChanges() throws Exception {
        KeptPaths kept = new KeptPaths(new FileCache(dir.resolve("cache"), 1 << 20));
        Path prog = Toolchain.NATIVE.compile(dir.resolve("acme"), SOURCE);

        List<String> scanned = EmbeddedPaths.in(ElfFile.open(prog));
        List<String> first = kept.in(ElfFile.open(prog));
        kept.trimIfAdded();
        // Another run: the value is read back from the cache directory.
        List<String> again = new KeptPaths(new FileCache(dir.resolve("cache"), 1 << 20)).in(ElfFile.open(prog));
        Toolchain.NATIVE.compile(prog, SOURCE.replace("/usr/share/acme\"", "/usr/share/other\""));
        List<String> changed = kept.in(ElfFile.open(prog));

        assertThat(first).isEqualTo(scanned).contains("/usr/share/acme");
        assertThat(dir.resolve("cache")).isNotEmptyDirectory();
        assertThat(again).isEqualTo(first);
        assertThat(changed).contains("/usr/share/other").doesNotContain("/usr/share/acme");
    }

    /**
     * What strings(1) prints, read the way the finder reads: whole strings that start with one of
     * the directories, split at ':' , every element made of file-name characters, normalised.
     */
    private static List<String> fromStrings(Path file) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        for (String line : Oracles.strings(file.toString())) {
            if (!line.matches("/(usr|etc|opt|lib|lib64)/.*")) {
                continue;
            }
            for (String element : line.split(":")) {
                if (element.matches("/[A-Za-z0-9/._+@,~=-]*")) {
                    out.add(Path.of(element).normalize().toString());
                }
            }
        }
        return new ArrayList<>(out);
    }
}
