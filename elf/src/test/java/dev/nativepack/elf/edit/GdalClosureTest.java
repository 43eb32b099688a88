package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every library of Debian's /usr/bin/gdalinfo closure (as {@code ld.so --list} lists it) gets
 * RPATH {@code $ORIGIN}: longer than anything the files have, so many need spare space or a new
 * segment. All must read back, eu-elflint must find nothing new, and the edited closure, copied
 * into lib/ beside a gdalinfo with RPATH {@code $ORIGIN/lib}, must run with every library taken
 * from lib/. patchelf does the same to the same files for comparison.
 */
class GdalClosureTest {
    static final Path GDALINFO = Path.of("/usr/bin/gdalinfo");
    static final String LOADER = "/lib64/ld-linux-x86-64.so.2";

    /** One file of the closure: the name it is requested by and where it is. */
    record Member(String name, Path path) {
    }

    record Row(String name, long size, Tier tier, long added, long patchelfAdded, String patchelfError) {
    }

    static List<Member> closure() throws IOException {
        if (!Files.isRegularFile(GDALINFO)) {
            throw new AssertionError("missing " + GDALINFO + " (install Debian package gdal-bin)");
        }
        String out = Toolchain.run(null, Map.of(), "env", "-u", "LD_LIBRARY_PATH", LOADER, "--list", GDALINFO.toString());
        List<Member> members = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.trim();
            int arrow = l.indexOf(" => ");
            if (arrow > 0) {
                String path = l.substring(arrow + 4);
                members.add(new Member(l.substring(0, arrow), Path.of(path.substring(0, path.lastIndexOf(" (")))));
            } else if (l.startsWith("/")) {
                // The interpreter, listed by its path.
                Path p = Path.of(l.substring(0, l.lastIndexOf(" (")));
                members.add(new Member(p.getFileName().toString(), p));
            }
        }
        return members;
    }

    @Test
    void everyLibraryGetsOriginRpath_andTheEditedClosureRuns(@TempDir Path dir) throws IOException {
        List<Member> members = closure();
        assertThat(members).hasSizeGreaterThan(100);
        Path lib = dir.resolve("lib");
        Path patched = dir.resolve("patchelf");
        Files.createDirectories(lib);
        Files.createDirectories(patched);

        List<Row> rows = new ArrayList<>();
        Map<Tier, List<String>> byTier = new EnumMap<>(Tier.class);
        long total = 0, added = 0, patchelfTotal = 0;
        List<String> patchelfFailures = new ArrayList<>();
        for (Member m : members) {
            byte[] original = Files.readAllBytes(m.path());
            total += original.length;
            EditResult r = ElfEditor.of(original, m.path().toString()).setRpath("$ORIGIN").apply();
            added += r.bytesAdded();
            byTier.computeIfAbsent(r.tierUsed(), t -> new ArrayList<>()).add(m.name());

            boolean interpreter = m.path().toString().equals(LOADER);
            Path out = Oracles.write((interpreter ? dir : lib).resolve(m.name()), r.bytes());
            DynamicSection before = ElfFile.parse(m.path(), original).dynamic();
            DynamicSection after = ElfFile.open(out).dynamic();
            assertThat(after.rpath()).as(m.name()).isEqualTo("$ORIGIN");
            assertThat(after.runpath()).as(m.name()).isNull();
            assertThat(after.needed()).as(m.name()).isEqualTo(before.needed());
            assertThat(after.soname()).as(m.name()).isEqualTo(before.soname());
            assertThat(Oracles.readelfDynamic(out).rpath()).as(m.name()).isEqualTo("$ORIGIN");
            assertThat(Oracles.newElflintMessages(m.path(), out, false, true)).as(m.name()).isEmpty();

            // patchelf on the same file, keeping DT_RPATH as the editor does.
            Path copy = patched.resolve(m.name());
            Files.copy(m.path(), copy);
            Toolchain.Result p = Toolchain.exec(null, Map.of(), "patchelf", "--force-rpath", "--set-rpath", "$ORIGIN", copy.toString());
            long pAdded = p.exitCode() == 0 ? Files.size(copy) - original.length : -1;
            if (p.exitCode() != 0) {
                patchelfFailures.add(m.name() + ": " + p.output().trim());
            } else {
                patchelfTotal += pAdded;
            }
            rows.add(new Row(m.name(), original.length, r.tierUsed(), r.bytesAdded(), pAdded, p.exitCode() == 0 ? null : p.output()));
        }

        // gdalinfo itself, pointed at lib/.
        byte[] gdalinfo = Files.readAllBytes(GDALINFO);
        EditResult g = ElfEditor.of(gdalinfo, GDALINFO.toString()).setRpath("$ORIGIN/lib").apply();
        Path program = Oracles.write(dir.resolve("gdalinfo"), g.bytes());
        assertThat(Oracles.newElflintMessages(GDALINFO, program, false, true)).isEmpty();
        String expected = Toolchain.run(null, Map.of(), GDALINFO.toString(), "--version");
        assertThat(Oracles.run(Arch.X86_64, program, Map.of(), "--version")).isEqualTo(expected);
        Map<String, String> found = Oracles.loaderList(Arch.X86_64, program);
        assertThat(found).hasSizeGreaterThan(100);
        for (Map.Entry<String, String> e : found.entrySet()) {
            assertThat(e.getValue()).as(e.getKey() + " is taken from lib/").isEqualTo(lib.resolve(e.getKey()).toString());
        }

        report(rows, byTier, total, added, patchelfTotal, patchelfFailures, g);
        assertThat(added).as("bytes the editor added to the closure").isLessThan(total / 100);
        assertThat(added).as("editor vs patchelf").isLessThan(patchelfTotal);
    }

    private static void report(List<Row> rows, Map<Tier, List<String>> byTier, long total, long added, long patchelfTotal,
                               List<String> patchelfFailures, EditResult gdalinfo) {
        StringBuilder sb = new StringBuilder("\ngdalinfo closure, RPATH $ORIGIN on every library\n");
        sb.append(String.format("%-28s %12s  %-12s %10s %10s%n", "library", "size", "tier", "editor +", "patchelf +"));
        for (Row r : rows) {
            sb.append(String.format("%-28s %12d  %-12s %10d %10s%n", r.name(), r.size(), r.tier(), r.added(),
                    r.patchelfError() == null ? Long.toString(r.patchelfAdded()) : "FAILED"));
        }
        Map<Tier, Integer> counts = new LinkedHashMap<>();
        byTier.forEach((t, names) -> counts.put(t, names.size()));
        sb.append(String.format("%d files, %d bytes; tiers %s%n", rows.size(), total, counts));
        sb.append(String.format("editor added %d bytes (%.3f%%); patchelf added %d bytes (%.3f%%); patchelf failures: %s%n",
                added, 100.0 * added / total, patchelfTotal, 100.0 * patchelfTotal / total,
                patchelfFailures.isEmpty() ? "none" : patchelfFailures));
        byTier.forEach((t, names) -> sb.append(t).append(": ").append(String.join(" ", names)).append('\n'));
        sb.append("gdalinfo (RPATH $ORIGIN/lib): ").append(gdalinfo.tierUsed()).append(", +").append(gdalinfo.bytesAdded())
                .append(" bytes\n");
        System.out.println(sb);
    }
}
