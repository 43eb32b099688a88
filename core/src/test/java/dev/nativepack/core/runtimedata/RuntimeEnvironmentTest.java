package dev.nativepack.core.runtimedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment a bundle sets: search paths joined, other variables set once, target's needs left out. */
class RuntimeEnvironmentTest {
    private static RuntimeNeed need(String path, String neverBundled, EnvironmentSetting... env) {
        return new RuntimeNeed("libx.so.1", NeedKind.DATA_DIRECTORY, "w", path, Path.of(path), 0, 0, path.substring(1),
                List.of(env), List.of(), List.of(), null, null, List.of(), null, null, neverBundled);
    }

    @Test
    void searchPathsAreJoinedInOrderAndOtherVariablesKeepTheirFirstValue() {
        List<RuntimeNeed> needs = List.of(
                need("/etc/im", null, new EnvironmentSetting("MAGICK_CONFIGURE_PATH", "etc/ImageMagick", true)),
                need("/share/im", null, new EnvironmentSetting("MAGICK_CONFIGURE_PATH", "share/ImageMagick", true),
                        new EnvironmentSetting("PYTHONHOME", ".", false)),
                need("/second", null, new EnvironmentSetting("PYTHONHOME", "other", false),
                        new EnvironmentSetting("GST_REGISTRY_1_0", "/tmp/registry.bin", false)),
                need("/gconv", "a gconv module", new EnvironmentSetting("GCONV_PATH", "lib/gconv", true)));

        Map<String, String> env = RuntimeEnvironment.of(needs, "/var/task");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("MAGICK_CONFIGURE_PATH", "/var/task/etc/ImageMagick:/var/task/share/ImageMagick");
        expected.put("PYTHONHOME", "/var/task");
        expected.put("GST_REGISTRY_1_0", "/tmp/registry.bin");
        assertThat(env).containsExactlyEntriesOf(expected);
    }

    @Test
    void aValueAtTheFileSystemRootHasOneSlash() {
        assertThat(new EnvironmentSetting("X", "share/x", false).valueAt("/")).isEqualTo("/share/x");
        assertThat(new EnvironmentSetting("X", ".", false).valueAt("/opt/")).isEqualTo("/opt");
    }
}
