package dev.nativepack.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {
    @TempDir
    Path dir;

    @Test
    void whatIsPutIsGotBackPartByPart() {
        FileCache cache = new FileCache(dir, 1 << 20);
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);

        assertThat(cache.put("a key", "meta".getBytes(), big, new byte[0])).isTrue();
        byte[][] parts = cache.get("a key");

        assertThat(parts).hasNumberOfRows(3);
        assertThat(parts[0]).isEqualTo("meta".getBytes());
        assertThat(parts[1]).isEqualTo(big);
        assertThat(parts[2]).isEmpty();
        assertThat(cache.get("another key")).isNull();
    }

    /** A value is given out only for its own key, even from a file another key's hash names. */
    @Test
    void aValueUnderAnotherKeysFileIsAMissNotAWrongValue() throws Exception {
        FileCache cache = new FileCache(dir, 1 << 20);
        assertThat(cache.put("key one", "one".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
        cache.put("key two", "two".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Path one = stored(cache.directory(), "one");
        java.nio.file.Path two = stored(cache.directory(), "two");
        // Make "key two"'s file hold "key one"'s value, as a hash shared by both keys would.
        java.nio.file.Files.copy(one, two, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(cache.get("key two")).isNull();
        assertThat(new String(cache.get("key one")[0], java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("one");
    }

    /** The one cache file whose content ends with {@code value}. */
    private static java.nio.file.Path stored(java.nio.file.Path directory, String value) throws Exception {
        try (var files = java.nio.file.Files.walk(directory)) {
            return files.filter(java.nio.file.Files::isRegularFile).filter(f -> {
                try {
                    return new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .endsWith(value);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
    }

    @Test
    void aDamagedOrTruncatedValueReadsAsAbsentAndIsRemoved() throws Exception {
        FileCache cache = new FileCache(dir, 1 << 20);
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            byte[] value = new byte[1 + random.nextInt(5000)];
            random.nextBytes(value);
            cache.put("k", value);
            Path file = onlyFile();
            byte[] stored = Files.readAllBytes(file);
            if (round % 2 == 0) {
                stored[random.nextInt(stored.length)] ^= (byte) (1 + random.nextInt(255));
            } else {
                stored = java.util.Arrays.copyOf(stored, random.nextInt(stored.length));
            }
            Files.write(file, stored);

            assertThat(cache.get("k")).as("round %d", round).isNull();
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void trimRemovesTheLeastRecentlyUsedUntilUnderTheLimit() throws Exception {
        FileCache cache = new FileCache(dir, 25_000);
        for (int i = 0; i < 5; i++) {
            cache.put("k" + i, new byte[10_000]);
        }
        // k0 is the oldest by its time, but it is used now: k1, k2 and k3 go first.
        long t = System.currentTimeMillis() - 100_000;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, FileTime.fromMillis(t));
            }
        }
        assertThat(cache.get("k0")).isNotNull();
        cache.put("k4", new byte[10_000]);

        cache.trim();

        assertThat(List.of("k0", "k1", "k2", "k3", "k4").stream().filter(k -> cache.get(k) != null).toList())
                .containsExactlyInAnyOrder("k0", "k4");
    }

    @Test
    void anUnwritableDirectoryIsNotAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        FileCache cache = new FileCache(file.resolve("cache"), 1 << 20);

        assertThat(cache.put("k", new byte[10])).isFalse();
        assertThat(cache.get("k")).isNull();
        cache.trim();
    }

    private Path onlyFile() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
