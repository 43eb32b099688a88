package dev.nativepack.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.packages.DpkgDatabase;
import dev.nativepack.core.target.TargetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages of a bundle's files only name them in the manifest and the SBOM: a package database
 * that cannot be read costs those names, said in the result, not the bundle.
 */
class BundlePackagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDatabaseThatCannotBeReadLeavesThePackagesOutAndTheBundleWhole() throws Exception {
        Path admin = dir.resolve("dpkg");
        // A directory where dpkg keeps a package's file list: the lists cannot be read.
        Files.createDirectories(admin.resolve("info/libgdal32.list"));
        Files.writeString(admin.resolve("status"), "");
        BundlePlan plan = new BundlePlanner(TargetCatalog.builtIn().find("azure/debian12/x86_64"), Path.of("/"), Set.of())
                .plan(List.of(Path.of("/usr/bin/gdalinfo")), Layout.FUNCTION, List.of());
        BundleBuilder.Options options = new BundleBuilder.Options(true, false, false, ArchiveTimestamp.DEFAULT, "test");
        Path broken = dir.resolve("broken.zip");
        Path whole = dir.resolve("whole.zip");

        BundleResult withoutPackages = new BundleBuilder(options)
                .withPackageDatabase(DpkgDatabase.at(admin, Path.of("/"))).build(plan, broken);
        BundleResult withPackages = new BundleBuilder(options).build(plan, whole);

        assertThat(withoutPackages.packageProblem()).startsWith("dpkg's database " + admin + ": ");
        assertThat(withPackages.packageProblem()).isNull();
        assertThat(withoutPackages.manifest()).allSatisfy(e -> assertThat(e.pkg()).isNull());
        // This machine's dpkg names libgdal's package; the damaged one names none, and the files are the same.
        assertThat(withPackages.manifest()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("lib/libgdal.so.32");
            assertThat(e.pkg()).isEqualTo("libgdal32");
        });
        assertThat(withoutPackages.manifest()).extracting(ManifestEntry::path)
                .isEqualTo(withPackages.manifest().stream().map(ManifestEntry::path).toList());
        try (ZipFile z = new ZipFile(broken.toFile())) {
            JsonNode sbom = JSON.readTree(z.getInputStream(z.getEntry("sbom.cdx.json")));
            assertThat(sbom.path("components")).isNotEmpty().allSatisfy(c -> assertThat(c.has("purl")).isFalse());
            assertThat(z.getEntry("bin/gdalinfo")).isNotNull();
        }
        try (ZipFile z = new ZipFile(whole.toFile())) {
            JsonNode sbom = JSON.readTree(z.getInputStream(z.getEntry("sbom.cdx.json")));
            assertThat(sbom.path("components")).anySatisfy(c -> assertThat(c.path("purl").asText())
                    .startsWith("pkg:deb/debian/libgdal32@"));
        }
    }
}
