package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runtime-data}: what the libraries a deployment brings load at run time, and whether it brings that too. */
class AuditRuntimeDataTest {
    @TempDir
    Path dir;

    private static List<Finding> runtimeData(AuditReport report) {
        return report.findings().stream().filter(f -> f.rule() == Rule.RUNTIME_DATA).toList();
    }

    private static Finding about(List<Finding> findings, String subject) {
        return findings.stream().filter(f -> subject.equals(f.subject())).findFirst()
                .orElseThrow(() -> new AssertionError("no runtime-data finding about " + subject + " in " + findings));
    }

    /** The bytes of the regular files under a directory, as find(1) counts them. */
    private static long bytesOnDisk(String path) throws Exception {
        long sum = 0;
        for (String size : Toolchain.run(null, Map.of(), "find", path, "-type", "f", "-printf", "%s\\n").split("\n")) {
            sum += size.isEmpty() ? 0 : Long.parseLong(size);
        }
        return sum;
    }

    @Test
    void gdalinfoOnAl2023NeedsGdalDataAndProjDbWhichNothingBrings() throws Exception {
        AuditReport report = new Auditor(TargetCatalog.builtIn().find("aws-lambda/provided.al2023/x86_64"), Path.of("/"))
                .audit(List.of("/usr/bin/gdalinfo"));

        List<Finding> findings = runtimeData(report);
        Finding gdal = about(findings, "libgdal.so.32");
        assertThat(gdal.severity()).isEqualTo(Severity.WARNING);
        assertThat(gdal.file()).isEqualTo("/usr/bin/gdalinfo");
        assertThat(gdal.message()).contains("GDAL_DATA (/usr/share/gdal, " + FileChecks.bytes(bytesOnDisk("/usr/share/gdal"))
                + ")").contains("not on the target");
        assertThat(gdal.evidence()).contains("  not in the input; bundled as share/gdal with GDAL_DATA=/var/task/share/gdal");
        Finding proj = about(findings, "libproj.so.25");
        assertThat(proj.message()).startsWith("libproj.so.25 needs proj.db (/usr/share/proj, "
                + FileChecks.bytes(bytesOnDisk("/usr/share/proj")) + ") at run time");
        assertThat(proj.fix()).contains("/usr/share/proj as share/proj with PROJ_DATA=/var/task/share/proj");
        // glibc is the target's, and so are its gconv modules: nothing to say about them here.
        assertThat(findings).noneMatch(f -> "libc.so.6".equals(f.subject()));
    }

    private static Finding audited(Path tree) throws Exception {
        return about(runtimeData(new Auditor(AuditTargets.host(), Path.of("/")).audit(List.of(tree.toString()))),
                "libproj.so.25");
    }

    @Test
    void aDirectoryThatBringsProjDbWhereTheBundlePutsItIsANote() throws Exception {
        Path tree = dir.resolve("function");
        Files.createDirectories(tree.resolve("lib"));
        Files.createDirectories(tree.resolve("share/proj"));
        Files.copy(Path.of("/usr/lib/x86_64-linux-gnu/libproj.so.25").toRealPath(), tree.resolve("lib/libproj.so.25"));

        Finding without = audited(tree);
        // A link out of the input names the target's /usr/share/proj, not this machine's.
        Files.createSymbolicLink(tree.resolve("share/proj/proj.db"), Path.of("/usr/share/proj/proj.db"));
        Finding linked = audited(tree);
        Files.delete(tree.resolve("share/proj/proj.db"));
        Files.copy(Path.of("/usr/share/proj/proj.db"), tree.resolve("share/proj/proj.db"));
        Finding with = audited(tree);

        assertThat(without.severity()).isEqualTo(Severity.WARNING);
        assertThat(linked.severity()).isEqualTo(Severity.WARNING);
        assertThat(with.severity()).isEqualTo(Severity.NOTE);
        assertThat(with.message()).endsWith("at run time, and the input brings it");
        assertThat(with.evidence()).anyMatch(e -> e.startsWith("  in the input as share/proj with PROJ_DATA="));
        assertThat(with.fix()).isEmpty();
    }
}
