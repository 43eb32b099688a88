package dev.nativepack.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SBOM names each owned file's package: as a Debian package, or by the purl rpm's database gave. */
class BundleSbomTest {
    @Test
    void anRpmOwnedFileKeepsItsPurlAndADpkgOwnedOneIsADebianPackage() throws Exception {
        String sha = "0".repeat(64);
        List<ManifestEntry> files = List.of(
                new ManifestEntry("lib/libdemo.so.1", "library", "/usr/lib64/libdemo.so.1", sha, 10, "libdemo.so.1",
                        null, "libdemo", "1:1.0-1.fc40", "pkg:rpm/fedora/libdemo@1.0-1.fc40?arch=x86_64&epoch=1",
                        "needed"),
                new ManifestEntry("lib/libz.so.1", "library", "/usr/lib/x86_64-linux-gnu/libz.so.1", sha, 10,
                        "libz.so.1", null, "zlib1g", "1:1.2.13.dfsg-1", null, "needed"));

        JsonNode components = new ObjectMapper().readTree(BundleSbom.write("aws/al2023", "x86_64", files, "test"))
                .get("components");

        assertThat(components.get(0).get("purl").asText())
                .isEqualTo("pkg:rpm/fedora/libdemo@1.0-1.fc40?arch=x86_64&epoch=1");
        assertThat(components.get(0).get("version").asText()).isEqualTo("1:1.0-1.fc40");
        assertThat(components.get(1).get("purl").asText()).isEqualTo("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64");
    }
}
