package dev.nativepack.elf.strip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.strip.StripFixtures.Arch;
import dev.nativepack.elf.strip.StripFixtures.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random damage to the section header table, the ELF header fields that locate it, the
 * program headers, and the file's length. Stripping must either succeed with a file that parses
 * again, or raise MalformedElfException (or NotStrippableException) naming the file; never hang
 * and never raise anything else. A failure names the seed and the mutant, so it can be replayed.
 */
class StripCorruptionTest {
    @TempDir
    static Path dir;
    static StripFixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new StripFixtures(dir);
    }

    /** What one mutant had done to it, for the failure message. */
    private record Mutant(byte[] bytes, String description) {
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @CsvSource({
        "X86_64, PIE, 20240611, 1500",
        "X86_64, SHARED, 7, 1000",
        "AARCH64, USER, 1234, 1000",
        // ELF32 little-endian, ELF32 big-endian and ELF64 big-endian.
        "ARMHF, SHARED, 99, 1000",
        "PPC, NO_PIE, 4242, 1000",
        "S390X, SHARED, 31337, 1000",
    })
    void damagedFiles_failOnlyWithTypedExceptions(Arch arch, Kind kind, long seed, int mutants) throws IOException {
        Path file = fixtures.path(arch, kind);
        byte[] original = Files.readAllBytes(file);
        ElfHeader h = ElfFile.parse(file, original).header();
        Random random = new Random(seed);
        int[] outcomes = new int[3];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < mutants; i++) {
                Mutant m = mutate(original, h, random);
                String name = "mutant-" + seed + "-" + i;
                for (boolean split : new boolean[] {false, true}) {
                    outcomes[attempt(m, name, split, seed, i)]++;
                }
            }
        }, "stripping " + mutants + " mutants hung (seed " + seed + ")");
        System.out.printf("corruption %s %s seed %d: %d stripped, %d malformed, %d refused%n", arch, kind, seed,
                outcomes[0], outcomes[1], outcomes[2]);
        assertThat(outcomes[0]).as("some mutants still strip").isPositive();
        assertThat(outcomes[1]).as("some mutants are rejected").isGreaterThan(mutants / 10);
    }

    /** 0: stripped and parses again; 1: MalformedElfException; 2: NotStrippableException. */
    private static int attempt(Mutant m, String name, boolean split, long seed, int index) {
        try {
            StripResult r = split ? Stripper.stripAndSplit(m.bytes(), name) : Stripper.stripAll(m.bytes(), name);
            ElfFile again = ElfFile.parse(Path.of(name), r.stripped());
            again.sections();
            assertThat(again.programHeaders()).isEqualTo(ElfFile.parse(Path.of(name), m.bytes()).programHeaders());
            if (r.debugFile() != null) {
                ElfFile.parse(Path.of(name + ".debug"), r.debugFile()).sections();
            }
            return 0;
        } catch (MalformedElfException e) {
            assertThat(e.getMessage()).contains(name);
            return 1;
        } catch (NotStrippableException e) {
            assertThat(e.getMessage()).contains(name);
            return 2;
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + " mutant " + index + " (" + m.description() + ", "
                    + (split ? "stripAndSplit" : "stripAll") + ") raised " + t, t);
        }
    }

    private static Mutant mutate(byte[] original, ElfHeader h, Random random) {
        boolean is64 = h.is64();
        ByteOrder order = h.byteOrder();
        byte[] b = original.clone();
        int kind = random.nextInt(10);
        if (kind == 0) {
            int length = random.nextInt(original.length);
            return new Mutant(Arrays.copyOf(b, length), "truncated to " + length);
        }
        if (kind == 1) {
            int from = (int) Math.min(h.shoff(), original.length - 1);
            int length = from + random.nextInt(original.length - from);
            return new Mutant(Arrays.copyOf(b, length), "truncated in the section table, to " + length);
        }
        if (kind == 2) {
            String[] names = {"e_shoff", "e_shnum", "e_shstrndx", "e_shentsize"};
            int field = random.nextInt(names.length);
            long at = field == 0 ? (is64 ? 40 : 32) : (is64 ? 60 : 48) + 2L * (field - 1);
            if (field == 3) {
                at = is64 ? 58 : 46;
            }
            long value = interesting(random, original.length, h.shnum());
            put(b, at, field == 0 ? (is64 ? 8 : 4) : 2, value, order);
            return new Mutant(b, names[field] + " = " + value);
        }
        if (kind == 3 && h.phnum() > 0) {
            int ph = random.nextInt(h.phnum());
            boolean filesz = random.nextBoolean();
            long at = h.phoff() + (long) ph * (is64 ? 56 : 32) + (filesz ? (is64 ? 32 : 16) : (is64 ? 8 : 4));
            long value = interesting(random, original.length, h.shnum());
            put(b, at, is64 ? 8 : 4, value, order);
            return new Mutant(b, "program header " + ph + (filesz ? " p_filesz" : " p_offset") + " = " + value);
        }
        StringBuilder description = new StringBuilder();
        int edits = kind >= 8 ? 2 + random.nextInt(3) : 1;
        for (int e = 0; e < edits; e++) {
            int section = random.nextInt(h.shnum());
            int field = random.nextInt(10);
            // Elf64_Shdr: name, type (4 bytes), flags, addr, offset, size (8), link, info (4), addralign, entsize (8).
            int[] offsets64 = {0, 4, 8, 16, 24, 32, 40, 44, 48, 56};
            int[] widths64 = {4, 4, 8, 8, 8, 8, 4, 4, 8, 8};
            long at = h.shoff() + (long) section * (is64 ? 64 : 40) + (is64 ? offsets64[field] : 4L * field);
            int width = is64 ? widths64[field] : 4;
            long value = interesting(random, original.length, h.shnum());
            put(b, at, width, value, order);
            description.append("section ").append(section).append(" field ").append(field).append(" = ").append(value).append("; ");
        }
        return new Mutant(b, description.toString());
    }

    /** Boundary values, small indices, offsets around the file's size, and random words. */
    private static long interesting(Random random, int length, int shnum) {
        switch (random.nextInt(12)) {
            case 0: return 0;
            case 1: return 1;
            case 2: return -1;
            case 3: return length;
            case 4: return length - 1 - random.nextInt(64);
            case 5: return shnum + random.nextInt(3) - 1;
            case 6: return random.nextInt(Math.max(1, shnum));
            case 7: return 0x7fffffffL;
            case 8: return 0x80000000L + random.nextInt(16);
            case 9: return 1L << random.nextInt(63);
            case 10: return random.nextInt(length * 2);
            default: return random.nextLong();
        }
    }

    private static void put(byte[] b, long at, int width, long value, ByteOrder order) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        switch (width) {
            case 2: buf.putShort((int) at, (short) value); break;
            case 4: buf.putInt((int) at, (int) value); break;
            default: buf.putLong((int) at, value);
        }
    }
}
