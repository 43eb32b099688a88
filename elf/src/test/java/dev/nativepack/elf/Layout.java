package dev.nativepack.elf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where things are in a fixture, found with readelf so that damaging tests hit the intended field. */
final class Layout {
    private final List<Readelf.Section> sections;
    private final List<Readelf.DynamicEntry> dynamic;
    private final boolean is64;

    Layout(Path file) throws IOException {
        this.sections = Readelf.sections(file);
        this.dynamic = Readelf.dynamic(file);
        this.is64 = Readelf.header(file).get("Class").equals("ELF64");
    }

    boolean is64() {
        return is64;
    }

    Readelf.Section section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("fixture has no section " + name));
    }

    List<Readelf.Section> sections() {
        return sections;
    }

    /** The file offset of the first dynamic entry readelf names {@code tagName} (e.g. "STRTAB"). */
    long dynamicEntry(String tagName) {
        int entrySize = is64 ? 16 : 8;
        for (int i = 0; i < dynamic.size(); i++) {
            if (dynamic.get(i).name().equals(tagName)) {
                return section(".dynamic").offset() + (long) i * entrySize;
            }
        }
        throw new AssertionError("fixture has no DT_" + tagName);
    }

    /** The file offset of the d_val of that entry. */
    long dynamicValue(String tagName) {
        return dynamicEntry(tagName) + (is64 ? 8 : 4);
    }

    Readelf.DynamicEntry dynamicEntryText(String tagName) {
        return dynamic.stream().filter(e -> e.name().equals(tagName)).findFirst().orElseThrow();
    }
}
