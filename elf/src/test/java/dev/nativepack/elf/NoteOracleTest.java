package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Notes read from PT_NOTE, compared with readelf -n; build-id, ABI tag and x86 ISA level decoded. */
class NoteOracleTest {
    @TempDir
    static Path dir;
    static Fixtures fixtures;

    private static final Pattern BUILD_ID = Pattern.compile("Build ID: (\\p{XDigit}+)");
    private static final Pattern ABI_TAG = Pattern.compile("OS: (\\S+), ABI: (\\S+)");
    private static final Pattern ISA_NEEDED = Pattern.compile("x86 ISA needed: ((?:x86-64-\\w+(?:, )?)+)");

    @BeforeAll
    static void setUp() {
        fixtures = new Fixtures(dir);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void notes_matchReadelfOwnersTypesAndSizes(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        List<Readelf.Note> expected = Readelf.notes(file);
        List<ElfNote> actual = ElfFile.open(file).notes();

        assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
        for (int i = 0; i < actual.size(); i++) {
            Readelf.Note e = expected.get(i);
            ElfNote a = actual.get(i);
            assertThat(a.owner()).isEqualTo(e.owner());
            assertThat((long) a.descriptor().length).isEqualTo(e.size());
            assertThat(a.type()).isEqualTo(Readelf.gnuNoteType(e));
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void buildIdAndAbiTag_matchReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        String buildId = null, abiTag = null;
        for (Readelf.Note n : Readelf.notes(file)) {
            Matcher b = BUILD_ID.matcher(n.description());
            if (b.find()) {
                buildId = b.group(1);
            }
            Matcher t = ABI_TAG.matcher(n.description());
            if (t.find()) {
                abiTag = t.group(1) + " " + t.group(2);
            }
        }
        ElfFile elf = ElfFile.open(file);
        assertThat(buildId).as("every fixture has a build-id").isNotNull();
        assertThat(elf.buildId()).isEqualTo(buildId);
        assertThat(elf.abiTag()).isEqualTo(abiTag);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void x86IsaNeeded_matchesReadelf(Fixture fixture) throws IOException {
        Path file = fixtures.path(fixture);
        long expected = 0;
        for (Readelf.Note n : Readelf.notes(file)) {
            Matcher m = ISA_NEEDED.matcher(n.description());
            if (m.find()) {
                for (String level : m.group(1).split(", ")) {
                    expected |= isaBit(level.trim());
                }
            }
        }
        assertThat(ElfFile.open(file).gnuProperties().x86IsaNeeded()).isEqualTo(expected);
    }

    private static long isaBit(String name) {
        switch (name) {
            case "x86-64-baseline": return 1;
            case "x86-64-v2": return 2;
            case "x86-64-v3": return 4;
            case "x86-64-v4": return 8;
            default: throw new AssertionError("unknown ISA level " + name);
        }
    }

    @Test
    void gnuProperties_zX8664V3GivesLevel3() throws IOException {
        assertThat(ElfFile.open(fixtures.path(Fixture.ISA_V3)).gnuProperties().x86IsaLevel()).isEqualTo(3);
    }
}
