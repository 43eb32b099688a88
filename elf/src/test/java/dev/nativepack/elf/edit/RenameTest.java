package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionDefinition;
import dev.nativepack.elf.VersionNeed;
import dev.nativepack.elf.edit.Programs.Build;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Renaming a library the way a bundler does to avoid a clash (auditwheel's approach): the library
 * gets a new SONAME and file name, its users a new DT_NEEDED. The program has symbol-version
 * requirements on the library (VER_1, VER_2), which the loader matches by Verneed {@code vn_file};
 * so the program only loads if vn_file was renamed too.
 */
class RenameTest {
    @TempDir
    static Path dir;
    static Programs programs;

    @BeforeAll
    static void setUp() {
        programs = new Programs(dir);
    }

    /** Same length as libfix.so.1: fits where the old name was. */
    static final String SAME_LENGTH = "libfiX.so.1";
    /** Longer: needs room elsewhere. */
    static final String LONGER = "libfix-bundled-3f9a2c71d0.so.1";

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void sameLengthRename_isInPlace_andTheProgramStillLoads(Arch arch) throws IOException {
        Build b = programs.of(arch);
        Path out = renameAndRun(b, SAME_LENGTH, false, "same");
        assertThat(out).exists();
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void longerRename_withNewRpath_andTheProgramStillLoads(Arch arch) throws IOException {
        Build b = programs.of(arch);
        renameAndRun(b, LONGER, true, "longer");
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void renameIntoANewSegment_andTheProgramStillLoads(Arch arch) throws IOException {
        Build b = programs.of(arch);
        Path renamed = dir.resolve("append-" + arch).resolve("libdir");
        Files.createDirectories(renamed);
        EditResult lib = ElfEditor.of(Files.readAllBytes(b.library()), "lib").startAt(Tier.APPEND).setSoname(LONGER).apply();
        EditResult prog = ElfEditor.of(Files.readAllBytes(b.program()), "prog").startAt(Tier.APPEND)
                .replaceNeeded(Programs.SONAME, LONGER).setRpath("$ORIGIN/libdir").apply();
        assertThat(lib.tierUsed()).isEqualTo(Tier.APPEND);
        assertThat(prog.tierUsed()).isEqualTo(Tier.APPEND);
        Oracles.write(renamed.resolve(LONGER), lib.bytes());
        Path out = Oracles.write(renamed.getParent().resolve("prog"), prog.bytes());
        assertThat(Oracles.run(arch, out, Map.of())).isEqualTo(Programs.OUTPUT);
        assertThat(Oracles.loaderList(arch, out)).containsEntry(LONGER, renamed.resolve(LONGER).toString());
    }

    /**
     * Renames the library (SONAME and file) and the program's need for it, puts both in a fresh
     * directory without the old name, and runs the program with the real loader.
     */
    private static Path renameAndRun(Build b, String newName, boolean rpath, String label) throws IOException {
        Path work = dir.resolve(label + "-" + b.arch()).resolve("libdir");
        Files.createDirectories(work);
        byte[] libBytes = Files.readAllBytes(b.library());
        byte[] progBytes = Files.readAllBytes(b.program());

        EditResult lib = ElfEditor.of(libBytes, "libfix").setSoname(newName).apply();
        ElfEditor progEditor = ElfEditor.of(progBytes, "prog").replaceNeeded(Programs.SONAME, newName);
        if (rpath) {
            progEditor.setRpath("$ORIGIN/libdir");
        }
        EditResult prog = progEditor.apply();
        if (newName.length() == Programs.SONAME.length()) {
            assertThat(lib.tierUsed()).isEqualTo(Tier.IN_PLACE);
            assertThat(prog.tierUsed()).isEqualTo(rpath ? Tier.SPARE_SPACE : Tier.IN_PLACE);
        }
        assertThat(prog.changes()).anyMatch(c -> c.startsWith("Verneed vn_file '" + Programs.SONAME + "' -> '" + newName));
        assertThat(lib.changes()).anyMatch(c -> c.startsWith("base version definition"));

        Path libOut = Oracles.write(work.resolve(newName), lib.bytes());
        Path progOut = Oracles.write(work.getParent().resolve("prog"), prog.bytes());

        // The parser and readelf see the new names, in the dynamic section and the version sections.
        ElfFile parsedLib = ElfFile.parse(libOut, lib.bytes());
        ElfFile parsedProg = ElfFile.parse(progOut, prog.bytes());
        assertThat(parsedLib.dynamic().soname()).isEqualTo(newName);
        assertThat(parsedLib.versionDefinitions()).extracting(VersionDefinition::name).containsExactly(newName, "VER_1", "VER_2");
        assertThat(parsedProg.dynamic().needed()).contains(newName).doesNotContain(Programs.SONAME);
        VersionNeed need = parsedProg.versionNeeds().stream().filter(n -> n.library().equals(newName)).findFirst().orElseThrow();
        assertThat(need.versions()).extracting(RequiredVersion::name).contains("VER_1", "VER_2");
        assertThat(Oracles.readelfDynamic(libOut).soname()).isEqualTo(newName);
        assertThat(Oracles.readelfDynamic(progOut).needed()).contains(newName);
        assertThat(Oracles.readelf(progOut, "-V")).contains("File: " + newName).doesNotContain("File: " + Programs.SONAME);
        assertThat(Oracles.readelf(libOut, "-V")).contains("Flags: BASE  Index: 1  Cnt: 1  Name: " + newName);
        assertThat(Oracles.newElflintMessages(b.library(), libOut, true, false)).isEmpty();
        assertThat(Oracles.newElflintMessages(b.program(), progOut, true, rpath)).isEmpty();

        // The real loader: the library is found under its new name only, and the versions match.
        Map<String, String> env = rpath ? Map.of() : Map.of("LD_LIBRARY_PATH", work.toString());
        assertThat(Oracles.run(b.arch(), progOut, env)).isEqualTo(Programs.OUTPUT);
        if (rpath) {
            assertThat(Oracles.loaderList(b.arch(), progOut)).containsEntry(newName, libOut.toString())
                    .doesNotContainKey(Programs.SONAME);
        }
        return progOut;
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "AARCH64"})
    void withoutTheVnFileRename_theLoaderRefuses(Arch arch) throws IOException {
        // The control experiment: a program whose DT_NEEDED names the renamed library while its
        // Verneed still names the old one (what a tool that forgets vn_file writes) does not load,
        // so the runs above do depend on the vn_file rename.
        Build b = programs.of(arch);
        Path work = dir.resolve("control-" + arch).resolve("libdir");
        Files.createDirectories(work);
        EditResult lib = ElfEditor.of(Files.readAllBytes(b.library()), "libfix").setSoname(SAME_LENGTH).apply();
        Oracles.write(work.resolve(SAME_LENGTH), lib.bytes());

        // Get the new name into .dynstr through a DT_SONAME, then point DT_NEEDED at it by hand.
        byte[] withName = ElfEditor.of(Files.readAllBytes(b.program()), "prog").setSoname(SAME_LENGTH).apply().bytes();
        RawElf raw = RawElf.read("prog", withName);
        long soname = raw.entries.stream().filter(e -> e.tag() == dev.nativepack.elf.DynamicTag.DT_SONAME)
                .findFirst().orElseThrow().value();
        RawElf.DynEntry needed = raw.entries.stream().filter(e -> e.tag() == dev.nativepack.elf.DynamicTag.DT_NEEDED
                && raw.stringOfSlot(e.slot()).equals(Programs.SONAME)).findFirst().orElseThrow();
        Bytes partial = new Bytes(withName.clone(), raw.header.byteOrder(), raw.is64);
        partial.putWord(raw.dynamicHeader().offset() + (long) needed.slot() * raw.dynEntrySize + raw.dynEntrySize / 2, soname);
        Path out = Oracles.write(work.getParent().resolve("prog-control"), partial.toArray());

        ElfFile parsed = ElfFile.open(out);
        assertThat(parsed.dynamic().needed()).contains(SAME_LENGTH).doesNotContain(Programs.SONAME);
        assertThat(parsed.versionNeeds()).extracting(VersionNeed::library).contains(Programs.SONAME);
        List<String> cmd = new java.util.ArrayList<>(arch.runPrefix());
        cmd.add(out.toString());
        dev.nativepack.testing.Toolchain.Result r = dev.nativepack.testing.Toolchain.exec(out.getParent(),
                Map.of("LD_LIBRARY_PATH", work.toString()), cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("needed != NULL");
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = "I386", mode = EnumSource.Mode.EXCLUDE)
    void sonameRename_keepsTheLibraryLoadable(Arch arch) throws IOException {
        Build b = programs.of(arch);
        EditResult lib = ElfEditor.of(Files.readAllBytes(b.library()), "libfix").setSoname(LONGER).apply();
        Path out = Oracles.write(dir.resolve("soname-" + arch).resolve(Programs.SONAME), lib.bytes());
        assertThat(Oracles.readelfDynamic(out).soname()).isEqualTo(LONGER);
        assertThat(lib.bytesAdded()).isZero();
        assertThat(List.of(Tier.IN_PLACE, Tier.SPARE_SPACE)).contains(lib.tierUsed());
        // The unchanged program loads the renamed library through the file name it asks for.
        Path prog = Oracles.write(out.getParent().resolve("prog"), Files.readAllBytes(b.program()));
        assertThat(Oracles.run(arch, prog, Map.of("LD_LIBRARY_PATH", out.getParent().toString()))).isEqualTo(Programs.OUTPUT);
    }
}
