package dev.nativepack.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.testing.DebianRoots;
import dev.nativepack.testing.Toolchain;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of a real Debian 11 root (debootstrap minbase), checked against what the root's own
 * programs (run with chroot) and readelf say about its files, and against the published facts of
 * Debian 11: glibc 2.31, whose newest node GLIBC_2.31 is defined by libm and libpthread only.
 */
class TargetSnapshotTest {
    private static final String MULTIARCH = "x86_64-linux-gnu";
    private static final String CHROOT = "/usr/sbin/chroot";

    static Path root;
    static Target target;

    @BeforeAll
    static void capture() throws Exception {
        root = DebianRoots.bullseye();
        target = TargetSnapshot.capture(root, SnapshotOptions.builder("test/bullseye").build());
    }

    private static String inRoot(String... command) throws IOException {
        List<String> all = new ArrayList<>(List.of(CHROOT, root.toString()));
        all.addAll(List.of(command));
        return Toolchain.run(null, Map.of("LC_ALL", "C"), all.toArray(String[]::new));
    }

    private static TargetLibrary library(String name) {
        return target.libraries().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the snapshot"));
    }

    @Test
    void testCapture_libcIsGlibc231AsTheRootsLddSays() throws IOException {
        String ldd = inRoot("/usr/bin/ldd", "--version").lines().findFirst().orElseThrow();

        assertThat(ldd).endsWith(" 2.31");
        assertThat(target.libc()).isEqualTo(new Target.Libc("glibc", "2.31"));
        assertThat(target.architecture()).isEqualTo("x86_64");
        assertThat(target.description()).isEqualTo("Debian GNU/Linux 11 (bullseye)");
    }

    @Test
    void testCapture_libcDefinesUpTo230AndCeilingIs231FromLibm() throws IOException {
        List<String> libcVersions = library("libc.so.6").versions();

        assertThat(libcVersions).contains("GLIBC_2.30", "GLIBC_2.2.5", "GLIBC_PRIVATE")
                .doesNotContain("GLIBC_2.31", "GLIBC_2.32", "GLIBC_2.33", "GLIBC_2.34", "GLIBC_2.35", "GLIBC_2.36");
        assertThat(library("libm.so.6").versions()).contains("GLIBC_2.31");
        assertThat(library("libpthread.so.0").versions()).contains("GLIBC_2.31");
        // Debian 11's published ceilings (research/baselines.md §1: GCC 10 runtime, libstdc++.so.6.0.28).
        assertThat(target.ceilings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "GLIBC", "2.31", "GLIBCXX", "3.4.28", "CXXABI", "1.3.12", "GCC", "7.0.0"));
    }

    @Test
    void testCapture_sonamesAreThoseReadelfFindsInTheMultiarchDirectories() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("lib/" + MULTIARCH, "usr/lib/" + MULTIARCH)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(dir))) {
                for (Path f : entries) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(f);
                    }
                }
            }
        }
        TreeSet<String> oracle = new TreeSet<>();
        Readelf.headersAndDynamic(files).forEach((file, facts) -> {
            if (facts.x86_64SharedObject()) {
                oracle.add(facts.soname() != null ? facts.soname() : file.getFileName().toString());
            }
        });
        TreeSet<String> captured = new TreeSet<>();
        for (TargetLibrary lib : target.libraries()) {
            if (lib.directory().endsWith("/" + MULTIARCH)) {
                captured.add(lib.effectiveSoname());
            }
        }

        assertThat(oracle).hasSizeGreaterThan(50).contains("libc.so.6", "libstdc++.so.6", "libz.so.1");
        assertThat(captured).containsExactlyElementsOf(oracle);
    }

    @Test
    void testCapture_versionsAndNeededOfLibrariesAreThoseReadelfLists() throws IOException {
        Path dir = root.resolve("usr/lib/" + MULTIARCH);
        for (String name : List.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libstdc++.so.6", "libgcc_s.so.1",
                "libz.so.1", "libacl.so.1")) {
            assertThat(library(name).versions()).as(name).containsExactlyElementsOf(
                    Readelf.definedVersions(dir.resolve(name)));
            assertThat(library(name).needed()).as(name).containsExactlyElementsOf(Readelf.needed(dir.resolve(name)));
        }
        // libz defines its versions, libbz2 defines none: an empty list, not an unknown one.
        assertThat(library("libbz2.so.1.0").versions()).isEmpty();
    }

    @Test
    void testCapture_eachLibraryOnceUnderTheFirstSearchedNameOfItsDirectory() {
        // /lib is a link to usr/lib, so /lib/x86_64-linux-gnu is searched first and is the same directory.
        assertThat(target.loader().directoryAliases()).containsEntry("/lib", "/usr/lib");
        assertThat(target.loader().systemDirs()).containsExactly("/lib/" + MULTIARCH, "/usr/lib/" + MULTIARCH,
                "/lib", "/usr/lib");
        assertThat(target.libraries()).extracting(TargetLibrary::directory).doesNotContain("/usr/lib/" + MULTIARCH);
        List<String> paths = target.libraries().stream().map(TargetLibrary::path).toList();
        assertThat(paths).doesNotHaveDuplicates();
        List<String> names = target.libraries().stream().filter(l -> l.directory().equals("/lib/" + MULTIARCH))
                .map(TargetLibrary::name).toList();
        assertThat(names).isSorted();
        // Development links and versioned file names give way to the SONAME's file.
        assertThat(names).contains("libc.so.6", "libbz2.so.1.0").doesNotContain("libc-2.31.so", "libbz2.so.1",
                "ld-2.31.so");
        assertThat(library("libc.so.6").soname()).isNull();
    }

    @Test
    void testCapture_interpreterIsTheOneTheRootsProgramsNameAndItIsThere() throws IOException {
        String interpreter = target.loader().interpreter();
        // /lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-2.31.so: an absolute link, valid only inside the root.
        String resolved = inRoot("/usr/bin/readlink", "-e", interpreter).strip();

        assertThat(interpreter).isEqualTo(Readelf.interpreter(root.resolve("usr/bin/true")));
        assertThat(Readelf.soname(root.resolve(resolved.substring(1)))).isEqualTo("ld-linux-x86-64.so.2");
        assertThat(library("ld-linux-x86-64.so.2").versions()).contains("GLIBC_2.3");
        assertThat(target.loader().lib()).isEqualTo("lib/" + MULTIARCH);
        assertThat(target.loader().platform()).isEqualTo("x86_64");
    }

    @Test
    void testCapture_provenanceAndLayoutDefaults() {
        assertThat(target.id()).isEqualTo("test/bullseye");
        assertThat(target.provenance().kind()).isEqualTo(Target.ProvenanceKind.REAL);
        assertThat(target.provenance().confidence()).isEqualTo("high");
        assertThat(target.provenance().sources()).containsExactly(
                "snapshot of " + root.toAbsolutePath().normalize() + " taken by nativepack snapshot");
        assertThat(target.layout()).isEqualTo(new Target.Layout("/var/task", null,
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        assertThat(target.loader().ldLibraryPath()).isEmpty();
        assertThat(target.limits()).isNull();
    }

    @Test
    void testCapture_roundTripsThroughTargetJson() throws Exception {
        String json = TargetJson.write(target);
        Target read = TargetJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "snapshot.json");

        assertThat(read).isEqualTo(target);
        assertThat(TargetJson.write(read)).isEqualTo(json);
    }

    @Test
    void testCapture_sameRootGivesTheSameFile() throws Exception {
        Target again = TargetSnapshot.capture(root, SnapshotOptions.builder("test/bullseye").build());

        assertThat(TargetJson.write(again)).isEqualTo(TargetJson.write(target));
    }
}
