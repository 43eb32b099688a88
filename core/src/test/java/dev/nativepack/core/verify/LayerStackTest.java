package dev.nativepack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers merged as Lambda stacks them at /opt, writing nowhere but the merged directory. */
class LayerStackTest {
    @TempDir
    Path dir;

    private Path file(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p) + (Files.isSymbolicLink(p) ? "@"
                    : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")).sorted().toList();
        }
    }

    @Test
    void laterLayersReplaceFilesAndDirectoriesAreMerged() throws Exception {
        file("a/bin/tool", "tool from a");
        file("a/lib/libx.so.1", "x from a");
        file("b/lib/libx.so.1", "x from b");
        file("b/lib/liby.so.1", "y from b");
        Files.setPosixFilePermissions(dir.resolve("a/bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));

        Path merged = LayerStack.merge(List.of(dir.resolve("a"), dir.resolve("b")), dir.resolve("opt"));

        assertThat(tree(merged)).containsExactly("bin/", "bin/tool", "lib/", "lib/libx.so.1", "lib/liby.so.1");
        assertThat(Files.readString(merged.resolve("lib/libx.so.1"))).isEqualTo("x from b");
        assertThat(Files.readString(merged.resolve("bin/tool"))).isEqualTo("tool from a");
        assertThat(Files.isExecutable(merged.resolve("bin/tool"))).isTrue();
        // The layers themselves are untouched.
        assertThat(Files.readString(dir.resolve("a/lib/libx.so.1"))).isEqualTo("x from a");
    }

    @Test
    void theOrderDecides() throws Exception {
        file("a/lib/libx.so.1", "x from a");
        file("b/lib/libx.so.1", "x from b");

        Path merged = LayerStack.merge(List.of(dir.resolve("b"), dir.resolve("a")), dir.resolve("opt"));

        assertThat(Files.readString(merged.resolve("lib/libx.so.1"))).isEqualTo("x from a");
    }

    @Test
    void aFileAndADirectoryOfTheSameNameReplaceEachOther() throws Exception {
        file("a/etc/conf", "a file in a");
        file("a/share", "a file in a");
        file("b/etc", "a file in b");
        file("b/share/doc", "a directory in b");

        Path merged = LayerStack.merge(List.of(dir.resolve("a"), dir.resolve("b")), dir.resolve("opt"));

        assertThat(tree(merged)).containsExactly("etc", "share/", "share/doc");
    }

    @Test
    void aLaterDirectoryReplacesALinkInsteadOfWritingThroughIt() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(dir.resolve("a"));
        Files.createSymbolicLink(dir.resolve("a/lib"), outside);
        Files.createSymbolicLink(dir.resolve("a/data"), Path.of("../../etc"));
        file("b/lib/libx.so.1", "x from b");

        Path merged = LayerStack.merge(List.of(dir.resolve("a"), dir.resolve("b")), dir.resolve("opt"));

        assertThat(tree(merged)).containsExactly("data@", "lib/", "lib/libx.so.1");
        // Links are copied as links, never followed.
        assertThat(Files.readSymbolicLink(merged.resolve("data"))).isEqualTo(Path.of("../../etc"));
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aNonEmptyDestinationIsRefused() throws Exception {
        file("a/x", "x");
        file("opt/keep", "keep");

        assertThatThrownBy(() -> LayerStack.merge(List.of(dir.resolve("a")), dir.resolve("opt")))
                .isInstanceOf(IOException.class).hasMessageContaining("is not empty");
        assertThat(tree(dir.resolve("opt"))).containsExactly("keep");
    }
}
