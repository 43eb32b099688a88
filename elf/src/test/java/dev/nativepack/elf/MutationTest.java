package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random damage: 1 to 8 bytes changed in the first 4 KiB (headers, notes, hash tables,
 * symbols, versions in a small library) and in the areas the dynamic reader walks. Every accessor
 * must either succeed or raise MalformedElfException, without hanging or allocating hugely.
 * A failure names the seed and the mutant number, so it can be replayed.
 */
class MutationTest {
    private static final Set<String> TARGETS = Set.of(".dynamic", ".gnu.version", ".gnu.version_r",
            ".gnu.version_d", ".dynsym", ".dynstr", ".hash", ".gnu.hash", ".note.gnu.build-id", ".note.ABI-tag",
            ".note.gnu.property", ".interp");

    @TempDir
    static Path dir;
    static Fixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @CsvSource({
        "X86_64_VERSIONED_LIB, 20240601, 2000",
        "X86_64_VERSIONED_EXE, 7, 1000",
        // ELF32 big-endian and ELF64 big-endian take other code paths.
        "PPC_VERSIONED_EXE, 4242, 1000",
        "S390X_VERSIONED_LIB, 99, 1000",
    })
    void mutants_failOnlyWithMalformedElfException(Fixture fixture, long seed, int mutants) throws IOException {
        Path file = fixtures.path(fixture);
        byte[] original = fixtures.bytes(fixture);
        List<ByteEdits.Range> ranges = new ArrayList<>();
        ranges.add(new ByteEdits.Range(0, Math.min(4096, original.length)));
        for (Readelf.Section s : new Layout(file).sections()) {
            if (TARGETS.contains(s.name())) {
                ranges.add(new ByteEdits.Range(s.offset(), s.offset() + s.size()));
            }
        }
        assertThat(ranges).as("the dynamic and version areas were found").hasSizeGreaterThan(6);

        Random random = new Random(seed);
        int failing = 0;
        for (int i = 0; i < mutants; i++) {
            byte[] mutant = ByteEdits.mutate(original, random, 8, ranges);
            AllAccessors.Outcome outcome = AllAccessors.run(Path.of(fixture + "-seed-" + seed + "-mutant-" + i), mutant);
            failing += outcome.errors().isEmpty() ? 0 : 1;
        }
        // Sanity check that the mutations hit something the reader checks.
        assertThat(failing).isGreaterThan(mutants / 20);
    }
}
