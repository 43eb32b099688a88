package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real library cut at every length up to the end of its dynamic section, then at a stride to
 * the end. The section header table is the last thing in the file, so every cut must be reported.
 */
class TruncationTest {
    private static final int STRIDE = 61;

    @Test
    void truncatedLibrary_isMalformedAtEveryLength(@TempDir Path dir) throws IOException {
        Fixtures fixtures = new Fixtures(dir);
        Path file = fixtures.path(Fixture.X86_64_VERSIONED_LIB);
        byte[] bytes = fixtures.bytes(Fixture.X86_64_VERSIONED_LIB);
        Readelf.Section dynamic = new Layout(file).section(".dynamic");
        int dynamicEnd = (int) (dynamic.offset() + dynamic.size());
        assertThat(dynamicEnd).isLessThan(bytes.length);

        int cuts = 0;
        for (int length = 0; length < bytes.length; length = length < dynamicEnd ? length + 1 : length + STRIDE) {
            Path name = Path.of("libver.so-cut-at-" + length);
            MalformedElfException e = AllAccessors.expectMalformed(name, ByteEdits.truncate(bytes, length));
            assertThat(e.getMessage()).contains(name.toString());
            cuts++;
        }
        assertThat(cuts).isGreaterThan(dynamicEnd);
    }
}
