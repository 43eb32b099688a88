package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.testing.Toolchain;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Directories and zips as inputs: how they are placed on the target, and hostile archives. */
class AuditInputsTest {
    @TempDir
    Path dir;

    private AuditReport audit(Path... inputs) throws Exception {
        return new Auditor(AuditTargets.host(), Path.of("/"))
                .audit(java.util.Arrays.stream(inputs).map(Path::toString).toList());
    }

    @Test
    void aDirectoryIsDeployedAtTheTaskRootAndItsLibraryPathWorksThere() throws Exception {
        // No RPATH: the bootstrap finds lib/ only through the target's LD_LIBRARY_PATH (/var/task/lib).
        Path tree = dir.resolve("function");
        Path lib = Toolchain.NATIVE.sharedLibrary(tree.resolve("lib/libgreet.so.1"), "greet", 7,
                "-Wl,-soname,libgreet.so.1");
        Toolchain.NATIVE.compile(tree.resolve("bootstrap"), "int greet(void); int main(void) { return greet(); }\n",
                lib.toString());
        var target = AuditTargets.withLdLibraryPath(AuditTargets.host(), "/var/task/lib");

        AuditReport withPath = new Auditor(target, Path.of("/")).audit(List.of(tree.toString()));
        AuditReport without = audit(tree);

        assertThat(withPath.filesAudited()).isEqualTo(2);
        assertThat(withPath.findings()).noneMatch(f -> f.severity() == Severity.ERROR);
        assertThat(without.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo(Rule.MISSING_LIBRARY);
            assertThat(f.subject()).isEqualTo("libgreet.so.1");
            assertThat(f.file()).isEqualTo(tree + "/bootstrap");
        });
    }

    @Test
    void aLibraryNoProgramLoadsIsAuditedOnItsOwn() throws Exception {
        // An extension module: a shared library loaded with dlopen, needing a library of its own.
        Path tree = dir.resolve("site-packages");
        Path dep = Toolchain.NATIVE.sharedLibrary(dir.resolve("build/libdep.so.3"), "dep", 1, "-Wl,-soname,libdep.so.3");
        Toolchain.NATIVE.compile(tree.resolve("ext.cpython-311-x86_64-linux-gnu.so"),
                "int dep(void); int init(void) { return dep(); }\n", "-shared", "-fPIC", dep.toString());
        Files.delete(dep);

        AuditReport report = audit(tree);

        assertThat(report.filesAudited()).isEqualTo(1);
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo(Rule.MISSING_LIBRARY);
            assertThat(f.file()).endsWith("ext.cpython-311-x86_64-linux-gnu.so");
        });
    }

    @Test
    void anEntryThatClimbsOutOfTheArchiveIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path zip = dir.resolve("evil.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
            out.putArchiveEntry(new ZipArchiveEntry("../../escaped.txt"));
            out.write("x".getBytes());
            out.closeArchiveEntry();
        }

        assertThatThrownBy(() -> audit(zip)).isInstanceOf(AuditInputException.class)
                .hasMessage(zip + ": entry ../../escaped.txt points outside the archive");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void symbolicLinksInAnArchiveAreReadOnTheTargetNeverOnThisMachine() throws Exception {
        Path bootstrap = Toolchain.NATIVE.compile(dir.resolve("bootstrap"),
                "#include <zlib.h>\nint main(void) { return zlibVersion()[0] == 0; }\n", "-lz",
                "-Wl,--disable-new-dtags,-rpath,$ORIGIN/lib");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("bootstrap", bootstrap);
        // A link into a layer that is not there, and a loop: neither may hang or reach this machine.
        entries.put("lib/libz.so.1", "->/opt/lib/libz.so.1");
        entries.put("lib/a.so", "->b.so");
        entries.put("lib/b.so", "->a.so");
        Path zip = TestZips.write(dir.resolve("links.zip"), linksAsStrings(entries));

        AuditReport report = audit(zip);

        // /opt/lib does not exist on the target: the loader moves on and finds the target's own libz.
        assertThat(report.findings()).noneMatch(f -> f.rule() == Rule.MISSING_LIBRARY);
        assertThat(report.librariesFromTarget()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aZipThatIsNotOneIsBadInput() throws Exception {
        Path fake = Files.write(dir.resolve("fake.zip"), new byte[] {'P', 'K', 5, 6, 0, 0});

        assertThatThrownBy(() -> audit(fake)).isInstanceOf(AuditInputException.class).hasMessageStartingWith(fake + ": ");
    }

    /** TestZips takes a String value as a link target; strip the marker used above for readability. */
    private static Map<String, Object> linksAsStrings(Map<String, Object> entries) {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v instanceof String s ? s.substring(2) : v));
        return out;
    }
}
