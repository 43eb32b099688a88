package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.core.target.TargetProfiles;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target known as data with directories of this machine mounted where Lambda puts them: the
 * function at the task root (/var/task), a layer at /opt. provided.al2023's LD_LIBRARY_PATH holds
 * /var/task, /var/task/lib and /opt/lib, in that order; a mount point itself is a directory of the
 * search like any other. The real loader, given the same directories of this machine in the same
 * order, is the oracle.
 */
class ResolverMountTest {
    private static final String TASK_ROOT = "/var/task";
    private static final String LAYER_ROOT = "/opt";

    @TempDir
    Path dir;
    Path task;
    Path layer;
    Target target;

    @BeforeEach
    void targetAndTrees() throws Exception {
        target = TargetCatalog.builtIn().find("aws-lambda/provided.al2023/x86_64");
        assertThat(target.loader().ldLibraryPath()).contains(":/var/task:/var/task/lib:/opt/lib");
        task = Files.createDirectories(dir.resolve("task")).toRealPath();
        layer = Files.createDirectories(dir.resolve("layer")).toRealPath();
    }

    private Closure resolve(Path program, Map<String, Path> mounts) throws IOException {
        return new Resolver(TargetProfiles.of(target), TargetView.NO_FILES,
                new TargetView(TargetBaseline.of(target), mounts, null)).resolve(program);
    }

    private Map<String, Path> taskAndLayer() {
        Map<String, Path> mounts = new LinkedHashMap<>();
        mounts.put(TASK_ROOT, task);
        mounts.put(LAYER_ROOT, layer);
        return mounts;
    }

    private static LoadedObject named(Closure closure, String name) {
        return closure.objects().stream().filter(o -> name.equals(o.name())).findFirst().orElseThrow(
                () -> new AssertionError(name + " not loaded: " + closure.objects()));
    }

    /** The oracle's path on this machine, written as the target path it stands for. */
    private String onTarget(String hostPath) {
        if (hostPath.startsWith(task + "/")) {
            return TASK_ROOT + hostPath.substring(task.toString().length());
        }
        if (hostPath.startsWith(layer + "/")) {
            return LAYER_ROOT + hostPath.substring(layer.toString().length());
        }
        return hostPath;
    }

    @Test
    void theTaskRootItsLibAndTheLayersLibAreSearchedInLdLibraryPathOrder() throws IOException {
        Fixtures t = new Fixtures(Toolchain.NATIVE, task);
        Fixtures l = new Fixtures(Toolchain.NATIVE, layer);
        t.library("libtop.so.1", "libtop.so.1", "top", 1, List.of());
        t.library("lib/liblow.so.1", "liblow.so.1", "low", 2, List.of());
        l.library("lib/liblayer.so.1", "liblayer.so.1", "layer", 3, List.of());
        // In two directories each: the one earlier on LD_LIBRARY_PATH must win.
        t.library("libboth.so.1", "libboth.so.1", "both", 4, List.of());
        t.library("lib/libboth.so.1", "libboth.so.1", "both", 40, List.of());
        t.library("lib/libdup.so.1", "libdup.so.1", "dup", 5, List.of());
        l.library("lib/libdup.so.1", "libdup.so.1", "dup", 50, List.of());
        // No search path of its own: everything is found through LD_LIBRARY_PATH.
        Path bootstrap = t.program("bootstrap", List.of("top", "low", "layer", "both", "dup"),
                "-L" + task, "-L" + task.resolve("lib"), "-L" + layer.resolve("lib"), "-l:libtop.so.1",
                "-l:liblow.so.1", "-l:liblayer.so.1", "-l:libboth.so.1", "-l:libdup.so.1");

        Closure closure = resolve(bootstrap, taskAndLayer());

        assertThat(closure.missing()).isEmpty();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("libtop.so.1", "/var/task/libtop.so.1");
        expected.put("liblow.so.1", "/var/task/lib/liblow.so.1");
        expected.put("liblayer.so.1", "/opt/lib/liblayer.so.1");
        expected.put("libboth.so.1", "/var/task/libboth.so.1");
        expected.put("libdup.so.1", "/var/task/lib/libdup.so.1");
        expected.forEach((name, path) -> {
            LoadedObject o = named(closure, name);
            assertThat(o.path()).as(name).isEqualTo(path);
            assertThat(o.via()).as(name).isEqualTo(FoundVia.LD_LIBRARY_PATH);
            assertThat(o.hostNamespace()).as(name).isFalse();
        });
        assertThat(named(closure, "libtop.so.1").hostPath()).isEqualTo(task.resolve("libtop.so.1"));
        assertThat(named(closure, "liblayer.so.1").hostPath()).isEqualTo(layer.resolve("lib/liblayer.so.1"));
        assertThat(named(closure, "libc.so.6").baseline()).isNotNull();

        // The real loader, the same three directories of this machine on LD_LIBRARY_PATH, in order.
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", task + ":" + task.resolve("lib") + ":" + layer.resolve("lib"));
        assertThat(Fixtures.run(bootstrap, env).output()).isEqualTo("1 2 3 4 5 ");
        Map<String, String> observed = new LinkedHashMap<>();
        for (LoaderOracle.Line line : LoaderOracle.nativeList(bootstrap, env).loaded()) {
            if (expected.containsKey(line.name())) {
                observed.put(line.name(), onTarget(line.path()));
            }
        }
        assertThat(observed).containsExactlyEntriesOf(expected);
    }

    @Test
    void originOfAProgramAtTheTaskRootIsTheTaskRootItself() throws IOException {
        Fixtures t = new Fixtures(Toolchain.NATIVE, task);
        t.library("libtop.so.1", "libtop.so.1", "top", 7, List.of());
        Path bootstrap = t.program("bootstrap", List.of("top"), "-L" + task, "-l:libtop.so.1",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN");

        Closure closure = resolve(bootstrap, Map.of(TASK_ROOT, task));

        assertThat(closure.missing()).isEmpty();
        LoadedObject top = named(closure, "libtop.so.1");
        assertThat(top.path()).isEqualTo("/var/task/libtop.so.1");
        assertThat(top.via()).isEqualTo(FoundVia.RPATH);
        assertThat(Fixtures.run(bootstrap, Map.of()).output()).isEqualTo("7 ");
        assertThat(LoaderOracle.nativeList(bootstrap, Map.of()).loaded())
                .contains(new LoaderOracle.Line("libtop.so.1", task.resolve("libtop.so.1").toString()));
    }

    @Test
    void theTargetsOwnDirectoriesBeforeTheTaskRootStillWin() throws IOException {
        // provided.al2023 has libz.so.1 in /usr/lib64, and /lib64 comes before /var/task: a copy in
        // the function is never loaded. With /var/task first, the function's copy is.
        Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1").toRealPath();
        Files.copy(libz, task.resolve("libz.so.1"));
        Path bootstrap = Toolchain.NATIVE.compile(task.resolve("bootstrap"),
                "#include <zlib.h>\nint main(void) { return zlibVersion()[0] == 0; }\n", "-lz");

        Closure targetFirst = resolve(bootstrap, Map.of(TASK_ROOT, task));
        Target taskFirst = withLdLibraryPath(target, "/var/task:/lib64:/usr/lib64");
        Closure inputFirst = new Resolver(TargetProfiles.of(taskFirst), TargetView.NO_FILES,
                new TargetView(TargetBaseline.of(taskFirst), Map.of(TASK_ROOT, task), null)).resolve(bootstrap);

        LoadedObject fromTarget = named(targetFirst, "libz.so.1");
        assertThat(fromTarget.baseline()).isNotNull();
        assertThat(fromTarget.path()).isEqualTo("/lib64/libz.so.1");
        assertThat(fromTarget.via()).isEqualTo(FoundVia.LD_LIBRARY_PATH);
        LoadedObject fromInput = named(inputFirst, "libz.so.1");
        assertThat(fromInput.baseline()).isNull();
        assertThat(fromInput.path()).isEqualTo("/var/task/libz.so.1");
        assertThat(fromInput.hostPath()).isEqualTo(task.resolve("libz.so.1"));

        // The real loader agrees, with this machine's library directory standing for /lib64.
        String system = "/lib/x86_64-linux-gnu";
        assertThat(LoaderOracle.nativeList(bootstrap, Map.of("LD_LIBRARY_PATH", system + ":" + task)).loaded())
                .contains(new LoaderOracle.Line("libz.so.1", system + "/libz.so.1"));
        assertThat(LoaderOracle.nativeList(bootstrap, Map.of("LD_LIBRARY_PATH", task + ":" + system)).loaded())
                .contains(new LoaderOracle.Line("libz.so.1", task.resolve("libz.so.1").toString()));
    }

    @Test
    void aMountPointIsTheMountedDirectoryEvenWhenThisMachineReachesItByALink() throws IOException {
        Files.writeString(task.resolve("file"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link-to-task"), task);
        RootFileSystem fs = new RootFileSystem(TargetView.NO_FILES, Map.of(TASK_ROOT, link, "/opt/lib", layer));

        assertThat(fs.isDirectory("/var/task")).isTrue();
        assertThat(fs.isDirectory("/var")).isTrue();
        assertThat(fs.isDirectory("/opt/lib")).isTrue();
        assertThat(fs.isDirectory("/opt/other")).isFalse();
        assertThat(Files.isSameFile(fs.toHost("/var/task"), task)).isTrue();
        assertThat(Files.readString(fs.toHost("/var/task/file"))).isEqualTo("x");
        assertThat(Files.readString(fs.toHost("/var/./task/file"))).isEqualTo("x");
        assertThat(Files.readString(fs.toHost("/var/task/../task/file"))).isEqualTo("x");
        // ".." of the mount point is the target's /var, never the parent of the directory on this machine.
        assertThat(fs.toHost("/var/task/..").startsWith(TargetView.NO_FILES)).isTrue();
        assertThat(fs.canonicalPath("/var/task/../task/file")).isEqualTo("/var/task/file");
    }

    private static Target withLdLibraryPath(Target t, String ldLibraryPath) {
        Target.Loader l = t.loader();
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), t.libc(), t.ceilings(),
                new Target.Loader(l.interpreter(), l.systemDirs(), l.lib(), l.platform(), ldLibraryPath,
                        l.directoryAliases()), t.layout(), t.limits(), t.libraries());
    }
}
