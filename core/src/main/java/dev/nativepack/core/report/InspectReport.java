package dev.nativepack.core.report;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code inspect} reports about one ELF file, as plain values: the text renderer and
 * the JSON renderer both read this, so the two outputs cannot drift apart.
 * Build one with {@link InspectReportBuilder}.
 */
public record InspectReport(String file, Header header, Loading loading, Identity identity, Dynamic dynamic,
                            List<Segment> programHeaders, int sectionCount, List<Note> notes, Versions versions) {

    /** The ELF header: what the file is and which machine it is for. */
    public record Header(String elfClass, String endianness, String machine, int machineNumber, String osAbi,
                         int abiVersion, String type, String kind, String kindDescription) {
    }

    /**
     * What the loader and the CPU must provide. {@code x86IsaLevelNeeded} is 0 when the object
     * does not say, else 1 (baseline) to 4 (x86-64-v4).
     */
    public record Loading(String interpreter, String libc, String executableStack, int x86IsaLevelNeeded) {
    }

    public record Identity(String buildId, String abiTag) {
    }

    /** The dynamic section. {@code flags} and {@code flags1} are DT_FLAGS and DT_FLAGS_1 bit names. */
    public record Dynamic(String soname, List<String> needed, String rpath, String runpath, List<String> flags,
                          List<String> flags1, boolean textRelocations, boolean relr) {
    }

    public record Segment(String type, String flags, long offset, long vaddr, long fileSize, long memorySize,
                          long align) {
    }

    public record Note(String owner, String type, int descriptorSize) {
    }

    /** Symbol versioning; {@code highest} maps a family (GLIBC, GLIBCXX, CXXABI, GCC) to its highest required version. */
    public record Versions(List<LibraryNeeds> needs, List<Definition> definitions, Map<String, String> highest) {
    }

    /** The versions required from one needed library. */
    public record LibraryNeeds(String library, List<Requirement> versions) {
    }

    /** One required version; {@code symbols} is null unless symbol names were asked for. */
    public record Requirement(String name, boolean weak, int symbolCount, List<String> symbols) {
    }

    public record Definition(int index, String name, boolean base, List<String> parents) {
    }
}
