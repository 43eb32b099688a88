package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.edit.Programs.Build;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random edits: random RPATH/RUNPATH values of random lengths (a few bytes to 80 KB), on
 * random fixtures of every architecture, with and without section headers or spare slots, edited
 * up to three times in a row. Every result must parse, readelf must read the same values, and
 * eu-elflint must find nothing new; programs must still run.
 */
class RandomEditTest {
    @TempDir
    static Path dir;
    static Programs programs;

    private static final int ROUNDS = Integer.getInteger("nativepack.randomEditRounds", 24);
    private static final String CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-:$";

    @BeforeAll
    static void setUp() {
        programs = new Programs(dir);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234, 20_260_101})
    void randomSearchPaths(long seed) throws IOException {
        Random random = new Random(seed);
        Arch[] arches = Arch.values();
        Map<String, Integer> tally = new java.util.TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Arch arch = arches[random.nextInt(arches.length)];
            Build b = programs.of(arch);
            List<Path> candidates = arch.runs ? List.of(b.program(), b.withRpath(), b.withRunpath(), b.library())
                    : List.of(b.library());
            Path source = candidates.get(random.nextInt(candidates.size()));
            boolean isProgram = !source.equals(b.library());
            byte[] base = Files.readAllBytes(source);
            int variant = random.nextInt(4);
            String label = "seed" + seed + "-" + round;
            if (variant == 1) {
                base = Programs.withoutSectionHeaders(base);
            } else if (variant == 2) {
                base = Programs.withoutSpareSlots(base);
            }
            Path baseFile = Oracles.write(b.dir().resolve(label + "-base"), base);
            boolean hadRpath = ElfFile.parse(baseFile, base).dynamic().rpath() != null;

            byte[] current = base;
            int edits = 1 + random.nextInt(3);
            String description = arch + " " + source.getFileName() + " variant " + variant;
            for (int e = 0; e < edits; e++) {
                String value = value(random, isProgram);
                boolean rpath = random.nextInt(10) < 7;
                ElfEditor editor = ElfEditor.of(current, label);
                if (rpath) {
                    editor.setRpath(value);
                } else {
                    editor.setRunpath(value);
                }
                String soname = null;
                if (!isProgram && random.nextBoolean()) {
                    soname = "libfix-" + randomText(random, 1 + random.nextInt(40)).replace('/', '_').replace(':', '_')
                            .replace('$', '_') + ".so.1";
                    editor.setSoname(soname);
                }
                EditResult r = editor.apply();
                String what = description + ", edit " + e + ": " + (rpath ? "RPATH" : "RUNPATH") + " of "
                        + value.length() + " characters -> " + r.tierUsed();
                Path out = Oracles.write(b.dir().resolve(label + "-edit" + e), r.bytes());

                DynamicSection d = ElfFile.parse(out, r.bytes()).dynamic();
                assertThat(rpath ? d.rpath() : d.runpath()).as(what).isEqualTo(value);
                assertThat(rpath ? d.runpath() : d.rpath()).as(what).isNull();
                Oracles.Dynamic seen = Oracles.readelfDynamic(out);
                assertThat(seen).as(what).isEqualTo(new Oracles.Dynamic(d.needed(), d.soname(), d.rpath(), d.runpath()));
                if (soname != null) {
                    assertThat(seen.soname()).as(what).isEqualTo(soname);
                }
                assertThat(r.bytesAdded()).as(what).isEqualTo(r.bytes().length - (long) current.length);
                if (r.tierUsed() != Tier.APPEND) {
                    assertThat(r.bytesAdded()).as(what).isZero();
                }
                assertThat(Oracles.newElflintMessages(baseFile, out, false, rpath && !hadRpath)).as(what).isEmpty();
                if (isProgram && (arch == Arch.X86_64 || random.nextInt(3) == 0)) {
                    assertThat(Oracles.run(arch, out, Map.of())).as(what).isEqualTo(Programs.OUTPUT);
                    assertThat(Oracles.loaderList(arch, out)).as(what)
                            .containsEntry(Programs.SONAME, b.libdir().resolve(Programs.SONAME).toString());
                }
                tally.merge(arch + "/" + r.tierUsed(), 1, Integer::sum);
                current = r.bytes();
            }
        }
        System.out.println("seed " + seed + ": edits by architecture and tier " + tally);
    }

    /** Programs keep $ORIGIN/libdir first so they still find their library; the rest is noise. */
    private static String value(Random random, boolean isProgram) {
        int bucket = random.nextInt(10);
        int length = bucket < 4 ? 1 + random.nextInt(30) : bucket < 7 ? 30 + random.nextInt(270)
                : bucket < 9 ? 300 + random.nextInt(4700) : 5000 + random.nextInt(75_000);
        String text = randomText(random, length);
        if (isProgram) {
            return "$ORIGIN/libdir:" + text;
        }
        return text;
    }

    private static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return sb.toString();
    }
}
