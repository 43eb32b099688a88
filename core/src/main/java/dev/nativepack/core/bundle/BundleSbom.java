package dev.nativepack.core.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * The bundle's software bill of materials (CycloneDX 1.5 JSON): one component per program and
 * library, with its SHA-256 as bundled and, where dpkg or rpm knows the owner, a package URL naming
 * the package and version ({@code pkg:deb/debian/...}, {@code pkg:rpm/fedora/...}). No timestamp, and a serial number derived from the content, so the
 * SBOM does not spoil a reproducible archive.
 */
public final class BundleSbom {
    public static final String FILE_NAME = "sbom.cdx.json";
    public static final Version VERSION = Version.VERSION_15;

    private BundleSbom() {
    }

    public static String write(String targetId, String architecture, List<ManifestEntry> files, String toolVersion) {
        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        // CycloneDX stamps the metadata with the current time; a bundle's bytes must not depend on it.
        metadata.setTimestamp(null);
        Component self = new Component();
        self.setType(Component.Type.APPLICATION);
        self.setName("bundle for " + targetId);
        self.setBomRef("bundle");
        metadata.setComponent(self);
        Property tool = new Property();
        tool.setName("nativepack:tool");
        tool.setValue("nativepack " + toolVersion);
        metadata.setProperties(List.of(tool));
        bom.setMetadata(metadata);
        List<Component> components = new ArrayList<>();
        StringBuilder digestOfAll = new StringBuilder(targetId);
        for (ManifestEntry f : files) {
            if ("included".equals(f.role())) {
                continue;
            }
            Component c = new Component();
            c.setType("entry".equals(f.role()) ? Component.Type.APPLICATION : Component.Type.LIBRARY);
            c.setBomRef(f.path());
            c.setName(f.pkg() != null ? f.pkg() : f.soname() != null ? f.soname() : fileName(f.path()));
            if (f.packageVersion() != null && !f.packageVersion().isEmpty()) {
                c.setVersion(f.packageVersion());
                c.setPurl(f.purl() != null ? f.purl() : "pkg:deb/debian/" + f.pkg() + "@"
                        + purlEncode(f.packageVersion()) + "?arch=" + debianArchitecture(architecture));
            }
            c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, f.sha256())));
            List<Property> properties = new ArrayList<>();
            properties.add(property("nativepack:path", f.path()));
            if (f.soname() != null) {
                properties.add(property("nativepack:soname", f.soname()));
            }
            c.setProperties(properties);
            components.add(c);
            digestOfAll.append('\n').append(f.path()).append(' ').append(f.sha256());
        }
        bom.setComponents(components);
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(digestOfAll.toString().getBytes(StandardCharsets.UTF_8)));
        try {
            return BomGeneratorFactory.createJson(VERSION, bom).toJsonString() + "\n";
        } catch (GeneratorException e) {
            throw new IllegalStateException("the SBOM of a bundle could not be written: " + e.getMessage(), e);
        }
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Debian's names for the architectures the targets use. */
    private static String debianArchitecture(String architecture) {
        return switch (architecture) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> architecture;
        };
    }

    /** Percent-encodes what a purl version may not hold as it is ('+' and ':' among them). */
    private static String purlEncode(String version) {
        StringBuilder out = new StringBuilder();
        for (char ch : version.toCharArray()) {
            if (Character.isLetterOrDigit(ch) || ch == '.' || ch == '-' || ch == '_' || ch == '~') {
                out.append(ch);
            } else {
                out.append('%').append(String.format("%02X", (int) ch));
            }
        }
        return out.toString();
    }
}
