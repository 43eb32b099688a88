package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a process loads by path before the one that needs them (a JVM's System.load): a DT_NEEDED
 * name equal to the SONAME of one of them is that object, not searched, as _dl_map_object matches
 * names against the SONAMEs of loaded objects. dlopen() in a real process is the oracle.
 */
class ResolverLoadedFirstTest {
    private static final String DLOPEN = "#include <dlfcn.h>\n#include <stdio.h>\n"
            + "int main(int argc, char **argv) {\n"
            + "  for (int i = 1; i < argc; i++) {\n"
            + "    if (!dlopen(argv[i], RTLD_LAZY)) { printf(\"%s\\n\", dlerror()); return 1; }\n"
            + "  }\n"
            + "  puts(\"OK\");\n  return 0;\n}\n";

    @TempDir
    Path dir;

    private Toolchain.Result dlopen(Path... libraries) throws IOException {
        Path helper = dir.resolve("dlopen");
        if (!helper.toFile().exists()) {
            Toolchain.NATIVE.compile(helper, DLOPEN, "-ldl");
        }
        List<String> cmd = new ArrayList<>(List.of(helper.toString()));
        for (Path l : libraries) {
            cmd.add(l.toString());
        }
        return Toolchain.exec(dir, Map.of(), cmd.toArray(String[]::new));
    }

    private static Closure resolve(Path file, List<Path> loadedFirst) throws IOException {
        ElfFile elf = ElfFile.open(file);
        LoaderProfile profile = ProfileDetector.detect(Path.of("/"), elf);
        return new Resolver(profile, Path.of("/")).resolve(elf, loadedFirst);
    }

    @Test
    void aNeededNameEqualToTheSonameOfAFileLoadedFirstIsThatFileAndItsDependenciesFollow() throws IOException {
        Fixtures f = new Fixtures(Toolchain.NATIVE, dir);
        Path inner = f.library("sib/libinner.so.1", "libinner.so.1", "inner", 10, List.of());
        // Named libdep.so in the jar, libdep.so.1 by its SONAME; it finds libinner beside it through $ORIGIN.
        Path dep = f.library("sib/libdep.so", "libdep.so.1", "dep", 1, List.of("inner"), inner.toString(),
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN");
        Path noSoname = Toolchain.NATIVE.sharedLibrary(dir.resolve("sib/libnosoname.so"), "nothing", 0);
        Path jni = f.library("jni/libjni.so", "libjni.so", "jni", 100, List.of("dep"), dep.toString(),
                "-Wl,-rpath-link," + dir.resolve("sib"));

        Closure alone = resolve(jni, List.of());
        Closure together = resolve(jni, List.of(noSoname, jni, dep));

        assertThat(Fixtures.missingNames(alone)).containsExactly("libdep.so.1");
        assertThat(together.missing()).isEmpty();
        LoadedObject first = together.objects().stream().filter(o -> o.names().contains("libdep.so.1")).findFirst()
                .orElseThrow();
        assertThat(first.via()).isEqualTo(FoundVia.LOADED_FIRST);
        assertThat(first.path()).isEqualTo(dep.toString());
        assertThat(first.loader().index()).isZero();
        LoadedObject innerObject = together.objects().stream().filter(o -> o.names().contains("libinner.so.1"))
                .findFirst().orElseThrow();
        assertThat(innerObject.via()).isEqualTo(FoundVia.RUNPATH);
        assertThat(innerObject.path()).isEqualTo(inner.toString());
        // A file without a SONAME is known only by its path: nothing is matched to it, and the main file is not itself.
        assertThat(together.objects()).noneMatch(o -> noSoname.toString().equals(o.path()));
        assertThat(together.objects().stream().filter(o -> jni.toString().equals(o.path()))).hasSize(1);

        assertThat(dlopen(jni).output()).contains("libdep.so.1: cannot open shared object file");
        assertThat(dlopen(dep, jni).output()).isEqualTo("OK\n");
    }
}
