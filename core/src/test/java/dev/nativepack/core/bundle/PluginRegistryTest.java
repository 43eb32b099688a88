package dev.nativepack.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * gdk-pixbuf's loaders.cache, planned for Debian 12's real gdk-pixbuf-thumbnailer: the oracle is
 * this machine's own cache (written by gdk-pixbuf-query-loaders in Debian's trigger), with its
 * loader directory replaced by the bundle's and the blocks of loaders left out removed.
 */
class PluginRegistryTest {
    private static final String THUMBNAILER = "/usr/bin/gdk-pixbuf-thumbnailer";
    private static final String HOST_DIR = "/usr/lib/x86_64-linux-gnu/gdk-pixbuf-2.0/2.10.0";
    private static final String REGISTRY = "lib/gdk-pixbuf/loaders.cache";

    private static BundlePlan plan(Layout layout, List<String> exclude) throws Exception {
        Target debian12 = TargetCatalog.builtIn().find("azure/debian12/x86_64");
        return new BundlePlanner(debian12, Path.of("/"), Set.of(), Set.of(), new DataSelection(List.of(), exclude))
                .plan(List.of(Path.of(THUMBNAILER)), layout, List.of());
    }

    private static String registry(BundlePlan plan) {
        GeneratedFile g = plan.generated().stream().filter(f -> f.path().equals(REGISTRY)).findFirst().orElseThrow();
        return new String(g.bytes(), StandardCharsets.ISO_8859_1);
    }

    private static String hostRegistry() throws Exception {
        return Files.readString(Path.of(HOST_DIR, "loaders.cache"), StandardCharsets.ISO_8859_1);
    }

    /** The host's cache without the blocks (separated by blank lines) that name any of {@code loaders}. */
    private static String withoutBlocks(String cache, String... loaders) {
        return Arrays.stream(cache.split("(?<=\n\n)"))
                .filter(b -> Arrays.stream(loaders).noneMatch(l -> b.contains("/" + l + "\"")))
                .collect(Collectors.joining());
    }

    @Test
    void plan_loadersCacheNamesEachLoaderWhereTheTargetUnpacksTheBundle() throws Exception {
        Toolchain.requireTool(THUMBNAILER);
        String host = hostRegistry();

        BundlePlan function = plan(Layout.FUNCTION, List.of());
        BundlePlan layer = plan(Layout.LAYER, List.of());

        assertThat(registry(function)).isEqualTo(host.replace(HOST_DIR + "/loaders/",
                "/home/site/wwwroot/lib/gdk-pixbuf/loaders/"));
        assertThat(registry(layer)).isEqualTo(host.replace(HOST_DIR + "/loaders/", "/opt/lib/gdk-pixbuf/loaders/"));
        // The loaders are found only through the cache, which a variable moves: they come along as plugins.
        assertThat(function.files()).filteredOn(f -> f.path().equals("lib/gdk-pixbuf/loaders/libpixbufloader-bmp.so"))
                .singleElement().satisfies(f -> assertThat(f.role()).isEqualTo(BundleFile.Role.PLUGIN));
        assertThat(function.files()).extracting(BundleFile::path).doesNotContain(REGISTRY).contains("share/mime/mime.cache");
        assertThat(function.data().environment())
                .containsEntry("GDK_PIXBUF_MODULE_FILE", "/home/site/wwwroot/lib/gdk-pixbuf/loaders.cache")
                .containsEntry("XDG_DATA_DIRS", "/home/site/wwwroot/share:/usr/local/share:/usr/share");
        assertThat(function.data().notes()).noneMatch(n -> n.contains("loaders.cache"));
        assertThat(plan(Layout.FUNCTION, List.of()).generated()).filteredOn(f -> f.path().equals(REGISTRY))
                .singleElement().satisfies(f -> assertThat(f.bytes()).isEqualTo(registry(function)
                        .getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void plan_aLoaderLeftOutLosesItsBlockInTheCache_andIsNamed() throws Exception {
        Toolchain.requireTool(THUMBNAILER);
        String host = hostRegistry();

        BundlePlan plan = plan(Layout.FUNCTION, List.of("lib/gdk-pixbuf/loaders/libpixbufloader-gif.so",
                "lib/gdk-pixbuf/loaders/libpixbufloader-tiff.so"));

        assertThat(registry(plan)).isEqualTo(withoutBlocks(host, "libpixbufloader-gif.so", "libpixbufloader-tiff.so")
                .replace(HOST_DIR + "/loaders/", "/home/site/wwwroot/lib/gdk-pixbuf/loaders/"));
        assertThat(registry(plan)).contains("libpixbufloader-bmp.so").doesNotContain("gif").doesNotContain("tiff");
        assertThat(plan.data().notes()).contains(REGISTRY + ": the plugins left out are no longer listed: "
                + "libpixbufloader-gif.so, libpixbufloader-tiff.so");
        // Only the TIFF loader needs libtiff: it goes with it.
        assertThat(plan.files()).extracting(BundleFile::path).doesNotContain("lib/libtiff.so.6");
        assertThat(plan(Layout.FUNCTION, List.of()).files()).extracting(BundleFile::path).contains("lib/libtiff.so.6");
    }

    @Test
    void plan_everyLoaderLeftOut_theCacheListsNoneAndNamesNothingOfThisMachine() throws Exception {
        Toolchain.requireTool(THUMBNAILER);

        BundlePlan plan = plan(Layout.FUNCTION, List.of("lib/gdk-pixbuf/loaders"));

        String cache = registry(plan);
        assertThat(cache).startsWith("# GdkPixbuf Image Loader Modules file\n").doesNotContain("\"/")
                .doesNotContain(HOST_DIR);
        assertThat(cache.lines()).allMatch(l -> l.startsWith("#") || l.isBlank());
        assertThat(plan.data().notes()).anyMatch(n -> n.startsWith(REGISTRY
                + ": the plugins left out are no longer listed: libpixbufloader-ani.so, libpixbufloader-bmp.so"));
    }
}
