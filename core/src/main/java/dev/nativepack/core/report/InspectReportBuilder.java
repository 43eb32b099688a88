package dev.nativepack.core.report;

import dev.nativepack.elf.DynamicSection;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.ElfMachine;
import dev.nativepack.elf.ElfNote;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionDefinition;
import dev.nativepack.elf.VersionNeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the facts of an {@link InspectReport} from a parsed file. Parsing is lazy, so a malformed
 * structure surfaces here as a {@link dev.nativepack.elf.MalformedElfException}.
 */
public final class InspectReportBuilder {
    private InspectReportBuilder() {
    }

    /** {@code withSymbols} adds the names of the symbols behind each required version. */
    public static InspectReport of(String file, ElfFile elf, boolean withSymbols) {
        // Versions with symbol names need the dynamic symbol table; counts need it too.
        List<VersionNeed> needs = elf.versionNeeds();
        return new InspectReport(file, header(elf), loading(elf),
                new InspectReport.Identity(elf.buildId(), elf.abiTag()), dynamic(elf.dynamic()),
                segments(elf), elf.sections().size(), notes(elf),
                new InspectReport.Versions(needs(needs, withSymbols), definitions(elf), HighestVersions.of(needs)));
    }

    private static InspectReport.Header header(ElfFile elf) {
        ElfHeader h = elf.header();
        return new InspectReport.Header(h.elfClass().name(), h.endianName(), ElfMachine.name(h.machine()),
                h.machine(), h.osAbiName(), h.abiVersion(), h.typeName(), elf.kind().name(),
                elf.kind().description());
    }

    private static InspectReport.Loading loading(ElfFile elf) {
        return new InspectReport.Loading(elf.interpreter(), elf.libcFamily().name().toLowerCase(Locale.ROOT),
                elf.executableStack().name().toLowerCase(Locale.ROOT), elf.gnuProperties().x86IsaLevel());
    }

    private static InspectReport.Dynamic dynamic(DynamicSection d) {
        return new InspectReport.Dynamic(d.soname(), d.needed(), d.rpath(), d.runpath(),
                DynamicFlagNames.flags(d.flags()), DynamicFlagNames.flags1(d.flags1()),
                d.hasTextRelocations(), d.hasRelr());
    }

    private static List<InspectReport.Segment> segments(ElfFile elf) {
        List<InspectReport.Segment> segments = new ArrayList<>();
        for (ProgramHeader ph : elf.programHeaders()) {
            segments.add(new InspectReport.Segment(ph.typeName(), ph.flagString(), ph.offset(), ph.vaddr(),
                    ph.filesz(), ph.memsz(), ph.align()));
        }
        return segments;
    }

    private static List<InspectReport.Note> notes(ElfFile elf) {
        List<InspectReport.Note> notes = new ArrayList<>();
        for (ElfNote note : elf.notes()) {
            notes.add(new InspectReport.Note(note.owner(), NoteTypeNames.name(note), note.descriptor().length));
        }
        return notes;
    }

    private static List<InspectReport.LibraryNeeds> needs(List<VersionNeed> needs, boolean withSymbols) {
        List<InspectReport.LibraryNeeds> libraries = new ArrayList<>();
        for (VersionNeed need : needs) {
            List<InspectReport.Requirement> versions = new ArrayList<>();
            for (RequiredVersion v : need.versions()) {
                versions.add(new InspectReport.Requirement(v.name(), v.weak(), v.symbols().size(),
                        withSymbols ? v.symbols() : null));
            }
            libraries.add(new InspectReport.LibraryNeeds(need.library(), versions));
        }
        return libraries;
    }

    private static List<InspectReport.Definition> definitions(ElfFile elf) {
        List<InspectReport.Definition> definitions = new ArrayList<>();
        for (VersionDefinition d : elf.versionDefinitions()) {
            definitions.add(new InspectReport.Definition(d.index(), d.name(), d.isBase(), d.parents()));
        }
        return definitions;
    }
}
