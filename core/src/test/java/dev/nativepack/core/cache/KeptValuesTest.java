package dev.nativepack.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptValuesTest {
    @TempDir
    Path dir;

    private FileCache cache() {
        return new FileCache(dir.resolve("cache"), 1 << 20);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> walk = Files.walk(dir.resolve("cache"))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void valuesAreWrittenOnceTogetherAndReadBackByAnotherRun() throws Exception {
        KeptValues first = new KeptValues(cache(), "k", 100);
        first.put("/usr/lib/libgdal.so.32", bytes("/usr/share/gdal"));
        first.put("/usr/lib/libproj.so.25", bytes(""));

        assertThat(first.save()).isTrue();
        assertThat(first.save()).as("nothing new to write").isFalse();
        assertThat(files()).hasSize(1);
        KeptValues second = new KeptValues(cache(), "k", 100);
        assertThat(second.get("/usr/lib/libgdal.so.32")).isEqualTo(bytes("/usr/share/gdal"));
        assertThat(second.get("/usr/lib/libproj.so.25")).isEmpty();
        assertThat(second.get("/usr/lib/libtiff.so.6")).isNull();
        assertThat(new KeptValues(cache(), "another key", 100).get("/usr/lib/libgdal.so.32")).isNull();
    }

    @Test
    void beyondTheLimitOnlyTheValuesOfThisRunStay() {
        KeptValues first = new KeptValues(cache(), "k", 2);
        first.put("a", bytes("1"));
        first.put("b", bytes("2"));
        first.save();
        KeptValues second = new KeptValues(cache(), "k", 2);
        assertThat(second.get("b")).isEqualTo(bytes("2"));
        second.put("c", bytes("3"));
        second.save();

        KeptValues third = new KeptValues(cache(), "k", 2);
        assertThat(third.get("a")).as("not used by the run that outgrew the limit").isNull();
        assertThat(third.get("b")).isEqualTo(bytes("2"));
        assertThat(third.get("c")).isEqualTo(bytes("3"));
    }

    @Test
    void aDamagedEntryIsNoValueAndIsReplaced() throws Exception {
        KeptValues first = new KeptValues(cache(), "k", 10);
        first.put("a", bytes("1"));
        first.save();
        Path file = files().get(0);
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length - 1] ^= 1;
        Files.write(file, damaged);

        KeptValues second = new KeptValues(cache(), "k", 10);
        assertThat(second.get("a")).isNull();
        second.put("a", bytes("1"));
        second.save();
        assertThat(new KeptValues(cache(), "k", 10).get("a")).isEqualTo(bytes("1"));
    }
}
