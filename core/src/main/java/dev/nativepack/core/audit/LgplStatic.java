package dev.nativepack.core.audit;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfSymbol;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.ObjectKind;
import dev.nativepack.elf.SectionBytes;
import dev.nativepack.elf.SectionHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LGPL libraries linked statically into an input ({@code lgpl-static}): the LGPL lets users relink
 * the program against a modified library, which a static copy prevents unless its object files
 * ship too. The libraries and what gives them away are a table in {@code lgpl-static.txt}: marker
 * functions the file defines, and in programs (a stripped program has no symbols left) marker
 * strings in its read-only data.
 */
final class LgplStatic {
    /** Bytes read per file at most, so that a huge input costs a bounded time. */
    static final long READ_LIMIT = 64L << 20;
    private static final int STT_FUNC = 2;

    /** A plain class, not a record: compared by identity, without a record's costly first equals and hashCode. */
    private static final class Library {
        private final String name;
        private final String licence;
        private final List<String> sonames;

        Library(String name, String licence, List<String> sonames) {
            this.name = name;
            this.licence = licence;
            this.sonames = sonames;
        }

        String name() {
            return name;
        }

        String licence() {
            return licence;
        }

        List<String> sonames() {
            return sonames;
        }

        boolean named(String soname) {
            for (String prefix : sonames) {
                if (soname.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Library> LIBRARIES = new ArrayList<>();
    private static final Map<String, Library> BY_SYMBOL = new LinkedHashMap<>();
    private static final Map<String, Library> BY_STRING = new LinkedHashMap<>();
    private static final MarkerMatcher SYMBOLS;
    private static final MarkerMatcher STRINGS;

    static {
        for (String[] row : DataTable.read("lgpl-static.txt", 5)) {
            Library library = new Library(row[0], row[1], split(row[2]));
            LIBRARIES.add(library);
            for (String symbol : split(row[3])) {
                BY_SYMBOL.put(symbol, library);
            }
            for (String s : split(row[4])) {
                BY_STRING.put(s, library);
            }
        }
        SYMBOLS = new MarkerMatcher(List.copyOf(BY_SYMBOL.keySet()), "lgpl-static.txt");
        STRINGS = new MarkerMatcher(List.copyOf(BY_STRING.keySet()), "lgpl-static.txt");
    }

    private LgplStatic() {
    }

    private static List<String> split(String column) {
        return column.isEmpty() ? List.of() : List.of(column.split(","));
    }

    static void check(ElfFile elf, String file, Findings out) {
        // Not object files: glibc's crt1.o carries a start-up function, and only linking decides what ships.
        if (!elf.kind().isExecutable() && elf.kind() != ObjectKind.SHARED_LIBRARY) {
            return;
        }
        List<Library> candidates = candidates(elf, file);
        if (candidates.isEmpty()) {
            return;
        }
        Map<Library, List<String>> found = new LinkedHashMap<>();
        try {
            search(elf, candidates, found);
        } catch (MalformedElfException | UncheckedIOException e) {
            // A damaged table or section: what was read is reported; the damage is not this rule's finding.
        }
        for (Library library : LIBRARIES) {
            List<String> markers = found.get(library);
            if (markers != null) {
                out.add(finding(file, library, markers));
            }
        }
    }

    /** The libraries the file could contain: not those it is (DT_SONAME) or loads (DT_NEEDED). */
    private static List<Library> candidates(ElfFile elf, String file) {
        String soname = elf.dynamic().soname();
        String self = soname != null ? soname : file.substring(file.lastIndexOf('/') + 1);
        List<Library> out = new ArrayList<>();
        for (Library library : LIBRARIES) {
            if (library.named(self)) {
                continue;
            }
            boolean needed = false;
            for (String n : elf.dynamic().needed()) {
                needed |= library.named(n);
            }
            if (!needed) {
                out.add(library);
            }
        }
        return out;
    }

    /**
     * Symbols first: .dynsym through its hash table, .symtab only when its string table names a
     * marker (decoding every symbol of a hundred libraries would cost more than the rest of the
     * audit); then, in programs, the read-only data.
     */
    private static void search(ElfFile elf, List<Library> candidates, Map<Library, List<String>> found) {
        List<SectionHeader> sections = elf.sections();
        if (sections.isEmpty()) {
            // No section headers (sstrip): the loader's view is all there is.
            symbols(elf.dynamicSymbols(), ".dynsym", candidates, found);
            return;
        }
        try (FileChannel channel = FileChannel.open(elf.path())) {
            long budget = READ_LIMIT;
            for (SectionHeader table : sections) {
                boolean dynamic = table.type() == SectionHeader.SHT_DYNSYM;
                if ((!dynamic && table.type() != SectionHeader.SHT_SYMTAB) || table.link() <= 0
                        || table.link() >= sections.size()) {
                    continue;
                }
                List<String> defined = dynamic ? GnuHashLookup.definedFunctions(channel, elf, markerSymbols(candidates))
                        : null;
                if (defined != null) {
                    for (String name : defined) {
                        add(found, BY_SYMBOL.get(name), "defines " + name + " in " + table.name());
                    }
                    continue;
                }
                byte[] names = SectionBytes.read(channel, elf, sections.get((int) table.link()), budget);
                budget -= names.length;
                if (ownedByACandidate(SYMBOLS.findNames(names, names.length), candidates)) {
                    symbols(dynamic ? elf.dynamicSymbols() : elf.symbolTable(), table.name(), candidates, found);
                }
            }
            if (!elf.kind().isExecutable()) {
                return;
            }
            for (SectionHeader section : sections) {
                if (SectionBytes.isReadOnlyData(section)) {
                    byte[] bytes = SectionBytes.read(channel, elf, section, budget);
                    budget -= bytes.length;
                    for (String marker : STRINGS.find(bytes, bytes.length)) {
                        Library library = BY_STRING.get(marker);
                        if (candidates.contains(library) && !found.containsKey(library)) {
                            add(found, library, "holds the string \"" + marker + "\" in " + section.name());
                        }
                    }
                }
            }
        } catch (IOException e) {
            // Not readable again (an input parsed from memory): the symbols the reader has must do.
            symbols(elf.dynamicSymbols(), ".dynsym", candidates, found);
            symbols(elf.symbolTable(), ".symtab", candidates, found);
        }
    }

    /** The marker functions of the candidates, in the table's order. */
    private static List<String> markerSymbols(List<Library> candidates) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Library> e : BY_SYMBOL.entrySet()) {
            if (candidates.contains(e.getValue())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static boolean ownedByACandidate(Set<String> markerSymbols, List<Library> candidates) {
        for (String m : markerSymbols) {
            if (candidates.contains(BY_SYMBOL.get(m))) {
                return true;
            }
        }
        return false;
    }

    /** The marker functions a decoded symbol table defines, in the table's order. */
    private static void symbols(List<ElfSymbol> table, String tableName, List<Library> candidates,
                                Map<Library, List<String>> found) {
        Set<String> defined = new HashSet<>();
        for (ElfSymbol s : table) {
            // Functions only: a program that uses a library's variable gets a defined copy of it.
            if (!s.isUndefined() && (s.type() == STT_FUNC || s.type() == ElfSymbol.STT_GNU_IFUNC)
                    && BY_SYMBOL.containsKey(s.name())) {
                defined.add(s.name());
            }
        }
        for (String name : markerSymbols(candidates)) {
            if (defined.contains(name)) {
                add(found, BY_SYMBOL.get(name), "defines " + name + " in " + tableName);
            }
        }
    }

    private static void add(Map<Library, List<String>> found, Library library, String marker) {
        List<String> markers = found.get(library);
        if (markers == null) {
            markers = new ArrayList<>();
            found.put(library, markers);
        }
        if (!markers.contains(marker)) {
            markers.add(marker);
        }
    }

    private static Finding finding(String file, Library library, List<String> markers) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        String soname = library.sonames().get(0);
        String shared = NeverBundle.category(soname) != null
                ? "Link it dynamically (without -static): the target provides " + soname + ". "
                : "Link " + library.name() + " as a shared library instead of its static archive; `nativepack bundle` "
                        + "then ships " + soname + "* in lib/. ";
        List<String> evidence = new ArrayList<>();
        for (String m : markers) {
            evidence.add("it " + m);
        }
        evidence.add("it does not load the shared library: no DT_NEEDED entry starts with "
                + String.join(" or ", library.sonames()));
        return new Finding(Rule.LGPL_STATIC, Rule.LGPL_STATIC.defaultSeverity(), file, library.name(),
                name + " contains " + library.name() + " (" + library.licence() + "), linked statically: it "
                        + markers.get(0) + ". The LGPL requires that users can relink against a modified "
                        + library.name() + ": link it as a shared library",
                evidence,
                shared + "Otherwise ship the object files users need to relink against a modified " + library.name()
                        + " (LGPL-2.1 section 6, LGPL-3.0 section 4).");
    }
}
