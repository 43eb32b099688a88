package dev.nativepack.elf.strip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.strip.StripFixtures.Arch;
import dev.nativepack.elf.strip.StripFixtures.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stripping programs and libraries built with -g, checked with binutils and elfutils: what
 * readelf sees is gone, the loaded image is untouched, eu-elflint finds nothing new, the program
 * still runs, and the size matches strip(1)'s.
 */
class StripOracleTest {
    @TempDir
    static Path dir;
    static StripFixtures fixtures;

    @BeforeAll
    static void setUp() {
        fixtures = new StripFixtures(dir.resolve("fixtures"));
    }

    static Stream<Arguments> fixtures() {
        return Arrays.stream(Arch.values()).flatMap(a -> StripFixtures.kinds(a).stream().map(k -> Arguments.of(a, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void stripAll_removesSymbolsAndDebugInfoAndKeepsTheLoadedImage(Arch arch, Kind kind) throws IOException {
        Path original = fixtures.path(arch, kind);
        byte[] bytes = Files.readAllBytes(original);
        StripResult result = Stripper.stripAll(bytes, original.toString());
        Path outDir = dir.resolve("stripped").resolve(arch.name()).resolve(kind.name());
        Path stripped = StripFixtures.write(outDir.resolve(original.getFileName()), result.stripped());

        assertThat(result.debugFile()).isNull();
        assertThat(result.removedSections()).contains(".symtab", ".strtab", ".debug_info", ".debug_abbrev", ".debug_line");
        assertThat(result.bytesRemoved()).isEqualTo(bytes.length - result.stripped().length).isPositive();

        TreeSet<String> names = Tools.sectionNames(stripped);
        assertThat(names).doesNotContain(".symtab", ".strtab")
                .noneMatch(n -> n.startsWith(".debug") || n.startsWith(".zdebug"));
        assertThat(names).as("strip keeps .comment").contains(".comment");
        assertThat(Tools.readelf(stripped, "-l")).isEqualTo(Tools.readelf(original, "-l"));
        assertLoadedSectionsIdentical(original, stripped);

        Path reference = outDir.resolve(original.getFileName() + ".strip");
        Tools.strip(arch, original, reference);
        assertNoNewLintComplaints(original, stripped, reference);

        if (kind == Kind.USER) {
            Path lib = fixtures.path(arch, Kind.SHARED);
            StripFixtures.write(outDir.resolve(lib.getFileName()), Stripper.stripAll(Files.readAllBytes(lib), lib.toString()).stripped());
        }
        if (kind.runnable) {
            assertThat(StripFixtures.run(arch, stripped)).isEqualTo(StripFixtures.run(arch, original));
        }

        long ours = result.stripped().length;
        long theirs = Files.size(reference);
        System.out.printf("strip size %s %s: original %d, strip(1) %d, Stripper %d%n", arch, kind, bytes.length, theirs, ours);
        assertThat(Math.abs(ours - theirs)).as("size against strip(1)'s %d", theirs).isLessThanOrEqualTo(Math.max(64, theirs * 3 / 100));

        assertThat(Stripper.stripAll(result.stripped(), stripped.toString()).stripped())
                .as("stripping again changes nothing").isSameAs(result.stripped());
        byte[] stripsOutput = Files.readAllBytes(reference);
        StripResult again = Stripper.stripAll(stripsOutput, reference.toString());
        assertThat(again.stripped()).as("strip(1)'s output comes back unchanged").isSameAs(stripsOutput);
        assertThat(again.bytesRemoved()).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void stripAndSplit_debugFileMatchesObjcopyAndTheLinkCarriesItsCrc(Arch arch, Kind kind) throws IOException {
        Path original = fixtures.path(arch, kind);
        byte[] bytes = Files.readAllBytes(original);
        StripResult result = Stripper.stripAndSplit(bytes, original.toString());
        String debugName = original.getFileName() + ".debug";
        assertThat(Stripper.debugFileName(original.toString())).isEqualTo(debugName);
        Path outDir = dir.resolve("split").resolve(arch.name()).resolve(kind.name());
        Path stripped = StripFixtures.write(outDir.resolve(original.getFileName()), result.stripped());
        Path debug = StripFixtures.write(outDir.resolve(debugName), result.debugFile());

        String source = kind == Kind.CXX ? "cxx.cc" : original.getFileName() + ".c";
        String info = Tools.readelf(debug, "--debug-dump=info");
        assertThat(info).contains("DW_TAG_compile_unit").contains(source);

        Path objcopyDebug = outDir.resolve("objcopy").resolve(debugName);
        Files.createDirectories(objcopyDebug.getParent());
        Tools.objcopy(arch, "--only-keep-debug", original.toString(), objcopyDebug.toString());
        assertThat(debugSections(debug)).isNotEmpty().isEqualTo(debugSections(objcopyDebug));
        assertThat(sectionsWithTypes(debug)).as("every section, loaded ones as NOBITS or NOTE, as objcopy keeps them")
                .isEqualTo(sectionsWithTypes(objcopyDebug));
        assertThat(Tools.elflint(debug, "--debuginfo")).isSubsetOf(Tools.elflint(objcopyDebug, "--debuginfo"));

        byte[] link = Tools.sectionBytes(stripped, ".gnu_debuglink");
        int padded = (debugName.length() + 1 + 3) & ~3;
        assertThat(link).hasSize(padded + 4);
        assertThat(new String(link, 0, debugName.length(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(debugName);
        assertThat(Arrays.copyOfRange(link, debugName.length(), padded)).containsOnly(0);
        long stored = arch == Arch.PPC || arch == Arch.S390X
                ? java.nio.ByteBuffer.wrap(link, padded, 4).getInt() & 0xffffffffL
                : java.nio.ByteBuffer.wrap(link, padded, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        assertThat(stored).as("CRC-32 of the debug file").isEqualTo(Tools.zlibCrc32(debug));

        // objcopy --add-gnu-debuglink on the plainly stripped file writes the same section.
        Path plain = StripFixtures.write(outDir.resolve("plain").resolve(original.getFileName()),
                Stripper.stripAll(bytes, original.toString()).stripped());
        Path linked = outDir.resolve("plain").resolve("linked");
        Tools.objcopy(arch, "--add-gnu-debuglink=" + debug, plain.toString(), linked.toString());
        assertThat(link).isEqualTo(Tools.sectionBytes(linked, ".gnu_debuglink"));

        assertThat(Tools.readelf(stripped, "-l")).isEqualTo(Tools.readelf(original, "-l"));
        assertLoadedSectionsIdentical(original, stripped);
        Path reference = outDir.resolve("strip").resolve(original.getFileName());
        Files.createDirectories(reference.getParent());
        Tools.strip(arch, original, reference);
        assertNoNewLintComplaints(original, stripped, reference);
        if (kind == Kind.USER) {
            Path lib = fixtures.path(arch, Kind.SHARED);
            StripFixtures.write(outDir.resolve(lib.getFileName()), Stripper.stripAndSplit(Files.readAllBytes(lib), lib.toString()).stripped());
        }
        if (kind.runnable) {
            assertThat(StripFixtures.run(arch, stripped)).isEqualTo(StripFixtures.run(arch, original));
        }
        System.out.printf("debug size %s %s: objcopy --only-keep-debug %d, Stripper %d%n", arch, kind,
                Files.size(objcopyDebug), result.debugFile().length);
    }

    /** Every SHF_ALLOC section that readelf lists has the same index, offset, size and bytes. */
    static void assertLoadedSectionsIdentical(Path original, Path stripped) throws IOException {
        byte[] a = Files.readAllBytes(original);
        byte[] b = Files.readAllBytes(stripped);
        List<Tools.Section> after = Tools.sections(stripped);
        int loaded = 0;
        for (Tools.Section s : Tools.sections(original)) {
            if (!s.alloc()) {
                continue;
            }
            loaded++;
            Tools.Section t = after.get(s.index());
            assertThat(t).as("section %d", s.index()).isEqualTo(s);
            if (!s.type().equals("NOBITS")) {
                assertThat(Arrays.equals(a, (int) s.offset(), (int) (s.offset() + s.size()),
                        b, (int) t.offset(), (int) (t.offset() + t.size()))).as("bytes of %s", s.name()).isTrue();
            }
        }
        assertThat(loaded).isGreaterThan(5);
    }

    /**
     * eu-elflint finds nothing in the result that it did not find in the input or in strip(1)'s
     * output (strip, like us, leaves a static program's IRELATIVE relocations pointing at no symbol table).
     */
    static void assertNoNewLintComplaints(Path original, Path stripped, Path stripReference) throws IOException {
        Set<String> known = new TreeSet<>(Tools.elflint(original));
        known.addAll(Tools.elflint(stripReference));
        assertThat(Tools.elflint(stripped)).isSubsetOf(known);
    }

    private static List<String> debugSections(Path file) throws IOException {
        return Tools.sections(file).stream().map(Tools.Section::name)
                .filter(n -> n.startsWith(".debug") || n.startsWith(".zdebug")).sorted().toList();
    }

    private static List<String> sectionsWithTypes(Path file) throws IOException {
        return Tools.sections(file).stream().map(s -> s.index() + " " + s.name() + " " + s.type()).toList();
    }
}
