package dev.nativepack.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged cache files must give LdSoCacheFormatException naming the file, field and offset. */
class LdSoCacheMalformedTest {
    private static byte[] real;
    private static int extensionOffset;

    @BeforeAll
    static void readRealCache() throws IOException {
        real = Files.readAllBytes(Path.of("/etc/ld.so.cache"));
        assertThat(new String(real, 0, 20, java.nio.charset.StandardCharsets.US_ASCII))
                .as("this machine's cache is in the new format").isEqualTo("glibc-ld.so.cache1.1");
        extensionOffset = le(real).getInt(32);
        assertThat(extensionOffset).as("glibc >= 2.32 writes an extension directory").isPositive();
    }

    @Test
    void badMagic() {
        byte[] b = real.clone();
        b[3] = 'X';
        assertRejected(b, "magic", 0);
        assertRejected(new byte[0], "magic", 0);
    }

    @Test
    void truncatedFiles() {
        for (int len : new int[] {5, 20, 47, 48, 100, real.length / 2, extensionOffset + 4}) {
            assertThatThrownBy(() -> parse(Arrays.copyOf(real, len))).as("length %d", len)
                    .isInstanceOf(LdSoCacheFormatException.class).hasMessageContaining("test.cache");
        }
    }

    @Test
    void hugeEntryCount() {
        byte[] b = real.clone();
        le(b).putInt(20, 0x7fffffff);
        assertRejected(b, "nlibs", 20);
        le(b).putInt(20, -1);
        assertRejected(b, "nlibs", 20);
    }

    @Test
    void stringOffsetsPastTheEnd() {
        byte[] b = real.clone();
        le(b).putInt(48 + 24 * 3 + 4, real.length + 10); // entry 3 key
        assertRejected(b, "entry 3 key", 48 + 24 * 3 + 4);
        b = real.clone();
        le(b).putInt(48 + 8, -16); // entry 0 value, u32 near 4 GiB
        assertRejected(b, "entry 0 value", 48 + 8);
    }

    @Test
    void unterminatedString() {
        byte[] b = Arrays.copyOf(real, real.length + 4);
        Arrays.fill(b, real.length, b.length, (byte) 'x');
        le(b).putInt(48 + 4, real.length); // entry 0 key points at the unterminated tail
        assertRejected(b, "entry 0 key", 48 + 4);
    }

    @Test
    void extensionOffsetPastTheEnd() {
        byte[] b = real.clone();
        le(b).putInt(32, real.length + 64);
        assertRejected(b, "extension_offset", 32);
        le(b).putInt(32, extensionOffset + 2);
        assertRejected(b, "extension_offset", 32);
    }

    @Test
    void extensionContentDamaged() {
        byte[] b = real.clone();
        le(b).putInt(extensionOffset, 0x12345678);
        assertRejected(b, "extension magic", extensionOffset);
        b = real.clone();
        le(b).putInt(extensionOffset + 4, 0x10000000);
        assertRejected(b, "extension count", extensionOffset + 4);
        b = real.clone();
        le(b).putInt(extensionOffset + 8 + 12, 0x7ffffff0); // section 0 size
        assertRejected(b, "extension section 0 offset/size", extensionOffset + 8 + 8);
    }

    @Test
    void invalidEndiannessMark() {
        byte[] b = real.clone();
        b[28] = 1;
        assertRejected(b, "header flags", 28);
    }

    @Test
    void oldFormatWithHugeCount() {
        byte[] b = new byte[64];
        System.arraycopy(LdSoCacheParser.OLD_MAGIC, 0, b, 0, 11);
        le(b).putInt(12, 0x40000000);
        assertRejected(b, "old-format nlibs", 12);
    }

    /** Thousands of seeded random mutants of the real file: each parses or is rejected cleanly. */
    @Test
    void randomMutantsParseOrFailCleanly() {
        Random random = new Random(20240611L);
        int rejected = 0;
        int parsed = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] b = mutate(real, random);
            try {
                LdSoCache cache = parse(b);
                parsed++;
                for (int k = 0; k < 3 && !cache.entries().isEmpty(); k++) {
                    String name = cache.entries().get(random.nextInt(cache.entries().size())).name();
                    cache.lookup(name, 0x0303, List.of("x86-64-v3", "x86-64-v2"), random.nextBoolean());
                }
            } catch (LdSoCacheFormatException e) {
                assertThat(e.getMessage()).contains("test.cache").contains("at offset");
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("mutant " + i + " threw " + e, e);
            }
        }
        assertThat(parsed).as("some mutants stay valid").isPositive();
        assertThat(rejected).as("some mutants are rejected").isPositive();
    }

    @Test
    void readNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.cache");
        Files.write(file, Arrays.copyOf(real, 30));
        assertThatThrownBy(() -> LdSoCache.read(file)).isInstanceOf(LdSoCacheFormatException.class)
                .hasMessageContaining(file.toString());
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> { // flip bytes anywhere
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> { // a random 32-bit value in the header or the entry table
                int at = random.nextInt(Math.min(b.length, 48 + 24 * 40) / 4) * 4;
                le(b).putInt(at, random.nextBoolean() ? random.nextInt() : random.nextInt(b.length * 2));
            }
            case 2 -> { // damage the extension directory or its sections
                int at = extensionOffset + random.nextInt(Math.max(4, b.length - extensionOffset - 4) / 4) * 4;
                le(b).putInt(Math.min(at, b.length - 4), random.nextInt());
            }
            default -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
        }
        return b;
    }

    private static LdSoCache parse(byte[] b) throws LdSoCacheFormatException {
        return LdSoCache.parse("test.cache", b);
    }

    private static void assertRejected(byte[] b, String field, long offset) {
        assertThatThrownBy(() -> parse(b)).isInstanceOf(LdSoCacheFormatException.class)
                .hasMessageContaining("test.cache").hasMessageContaining(field)
                .hasMessageContaining("at offset " + offset + " ");
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
