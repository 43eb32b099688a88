package dev.nativepack.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's own fonts.conf rewritten for a bundle, with this machine's fontconfig as the oracle:
 * the fonts are found where the bundle puts them, and the cache is written where the bundle says.
 */
class FontconfigFilesTest {
    private static final Path FONTS_CONF = Path.of("/etc/fonts/fonts.conf");
    private static final Map<String, String> MOVED = Map.of("/usr/share/fonts", "share/fonts");

    @TempDir
    Path dir;

    @Test
    void rewrite_fontDirectoryBecomesRelativeToTheFile_cacheMovesToTmp_restIsKeptByteForByte() throws Exception {
        String debian = Files.readString(FONTS_CONF, StandardCharsets.ISO_8859_1);

        String rewritten = FontconfigFiles.rewrite(debian, "etc/fonts/fonts.conf", MOVED, "/tmp/fontconfig");

        assertThat(rewritten).contains("\t<dir prefix=\"relative\">../../share/fonts</dir>\n")
                .contains("\t<cachedir>/tmp/fontconfig</cachedir>\n")
                .doesNotContain("<dir>/usr/share/fonts</dir>").doesNotContain("/var/cache/fontconfig")
                // Not brought, so the target's own if it has one; the user's stay the user's.
                .contains("<dir>/usr/local/share/fonts</dir>").contains("<dir prefix=\"xdg\">fonts</dir>")
                .contains("<dir>~/.fonts</dir>").contains("<cachedir prefix=\"xdg\">fontconfig</cachedir>")
                .contains("<cachedir>~/.fontconfig</cachedir>");
        assertThat(rewritten.replace("<dir prefix=\"relative\">../../share/fonts</dir>", "<dir>/usr/share/fonts</dir>")
                .replace("<cachedir>/tmp/fontconfig</cachedir>", "<cachedir>/var/cache/fontconfig</cachedir>"))
                .isEqualTo(debian);
        assertThat(FontconfigFiles.rewrite(rewritten, "etc/fonts/fonts.conf", MOVED, "/tmp/fontconfig"))
                .as("a second rewrite changes nothing").isEqualTo(rewritten);
    }

    @Test
    void rewrite_aConfDFileIsOneLevelDeeper_subdirectoriesFollow_commentsAndPrefixedDirsAreKept() {
        String conf = "<fontconfig>\n<!-- <dir>/usr/share/fonts</dir> -->\n<dir salt=\"x\">/usr/share/fonts/truetype</dir>\n"
                + "<dir prefix=\"cwd\">/usr/share/fonts</dir>\n<dir>/usr/share/fontsmore</dir>\n</fontconfig>\n";

        String rewritten = FontconfigFiles.rewrite(conf, "etc/fonts/conf.d/99-x.conf", MOVED, "/tmp/fontconfig");

        assertThat(rewritten).isEqualTo("<fontconfig>\n<!-- <dir>/usr/share/fonts</dir> -->\n"
                + "<dir prefix=\"relative\" salt=\"x\">../../../share/fonts/truetype</dir>\n"
                + "<dir prefix=\"cwd\">/usr/share/fonts</dir>\n<dir>/usr/share/fontsmore</dir>\n</fontconfig>\n");
    }

    /** fc-match and fc-cache read the rewritten file from a bundle unpacked anywhere. */
    @Test
    void fontconfigFindsTheFontsBesideTheRewrittenFileAndWritesItsCacheThere() throws Exception {
        Toolchain.requireTool("/usr/bin/fc-match");
        Path bundle = dir.resolve("somewhere/bundle");
        Path fonts = Files.createDirectories(bundle.resolve("share/fonts/truetype/dejavu"));
        Files.copy(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), fonts.resolve("DejaVuSans.ttf"));
        Path cache = dir.resolve("cache");
        Path conf = Files.createDirectories(bundle.resolve("etc/fonts")).resolve("fonts.conf");
        Files.writeString(conf, FontconfigFiles.rewrite(Files.readString(FONTS_CONF, StandardCharsets.ISO_8859_1),
                "etc/fonts/fonts.conf", MOVED, cache.toString()), StandardCharsets.ISO_8859_1);
        // HOME and XDG_DATA_DIRS lead nowhere, so only the bundle's directory can hold a font.
        Map<String, String> env = Map.of("FONTCONFIG_FILE", conf.toString(), "FONTCONFIG_PATH", conf.getParent()
                .toString(), "HOME", dir.resolve("home").toString(), "XDG_DATA_DIRS", dir.resolve("none").toString());

        String file = Toolchain.run(dir, env, "fc-match", "-f", "%{file}", "sans-serif");

        assertThat(file).isEqualTo(fonts.resolve("DejaVuSans.ttf").toString());
        assertThat(cache.resolve("CACHEDIR.TAG")).exists();
        try (var listing = Files.list(cache)) {
            assertThat(listing.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".cache-8"));
        }
    }
}
