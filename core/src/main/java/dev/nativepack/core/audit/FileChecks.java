package dev.nativepack.core.audit;

import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ExecutableStack;
import dev.nativepack.elf.SectionHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that look at one file alone: search paths that do not travel, an executable stack, text
 * relocations, and what stripping would save.
 */
final class FileChecks {
    /** Stripping less than this is not worth a note. */
    static final long DEBUG_NOTE_THRESHOLD = 16 * 1024;
    /** Directory names that only exist where software is built. */
    private static final List<String> BUILD_TREE_MARKERS = List.of("/home/", "/tmp/", "/build/", "/builds/", "/_build/",
            "/root/", "/workspace/", "/usr/src/", "/src/", "/target/", "/cmake-build", "/.cargo/", "/runner/", "/github/",
            "/Users/", "/buildroot/");

    private FileChecks() {
    }

    static void check(ElfFile elf, String file, Findings out) {
        searchPaths(elf, file, "RPATH", elf.dynamic().rpath(), out);
        searchPaths(elf, file, "RUNPATH", elf.dynamic().runpath(), out);
        if (elf.hasDynamicSegment() || elf.kind().isExecutable()) {
            stack(elf, file, out);
        }
        if (elf.dynamic().hasTextRelocations()) {
            out.add(new Finding(Rule.TEXT_RELOCATIONS, Rule.TEXT_RELOCATIONS.defaultSeverity(), file, null,
                    "has text relocations (DT_TEXTREL): the loader must write to its code at start-up",
                    List.of(), "Compile every object with -fPIC (or -fPIE for executables) and relink; "
                            + "`readelf -d` shows TEXTREL when one object was not."));
        }
        debugInfo(elf, file, out);
    }

    private static void searchPaths(ElfFile elf, String file, String tag, String list, Findings out) {
        if (list == null || list.isEmpty()) {
            return;
        }
        for (String element : list.split(":", -1)) {
            if (element.startsWith("$ORIGIN") || element.startsWith("${ORIGIN}")) {
                continue;
            }
            String fix = "Use a path relative to the file, such as $ORIGIN/lib or $ORIGIN/../lib "
                    + "(`nativepack bundle` rewrites it), or remove it.";
            if (element.isEmpty() || !element.startsWith("/")) {
                out.add(new Finding(Rule.BUILD_TREE_RPATH, Rule.BUILD_TREE_RPATH.defaultSeverity(), file, element,
                        tag + " element \"" + element + "\" is relative to the working directory, not to the file",
                        List.of(tag + "=" + list), fix));
            } else if (isBuildTree(element)) {
                out.add(new Finding(Rule.BUILD_TREE_RPATH, Rule.BUILD_TREE_RPATH.defaultSeverity(), file, element,
                        tag + " points into a build tree: " + element, List.of(tag + "=" + list), fix));
            } else {
                out.add(new Finding(Rule.ABSOLUTE_RPATH, Rule.ABSOLUTE_RPATH.defaultSeverity(), file, element,
                        tag + " holds the absolute directory " + element, List.of(tag + "=" + list), fix));
            }
        }
    }

    private static boolean isBuildTree(String dir) {
        String d = dir.endsWith("/") ? dir : dir + "/";
        for (String marker : BUILD_TREE_MARKERS) {
            if (d.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static void stack(ElfFile elf, String file, Findings out) {
        ExecutableStack stack = elf.executableStack();
        if (stack == ExecutableStack.YES) {
            out.add(new Finding(Rule.EXECUTABLE_STACK, Rule.EXECUTABLE_STACK.defaultSeverity(), file, null,
                    "asks for an executable stack (PT_GNU_STACK has PF_X)", List.of(),
                    "Link with -z noexecstack; if an assembly file caused it, add "
                            + "`.section .note.GNU-stack,\"\",@progbits` to it."));
        } else if (stack == ExecutableStack.MISSING) {
            out.add(new Finding(Rule.EXECUTABLE_STACK, Rule.EXECUTABLE_STACK.defaultSeverity(), file, null,
                    "has no PT_GNU_STACK header, so the architecture's default (an executable stack on x86) applies",
                    List.of(), "Link with -z noexecstack."));
        }
    }

    private static void debugInfo(ElfFile elf, String file, Findings out) {
        long debug = 0;
        long symbols = 0;
        List<String> evidence = new ArrayList<>();
        for (SectionHeader s : elf.sections()) {
            String name = s.name() == null ? "" : s.name();
            boolean nobits = s.type() == 8;
            if (nobits) {
                continue;
            }
            if (name.startsWith(".debug") || name.startsWith(".zdebug") || name.startsWith(".stab")) {
                debug += s.size();
            } else if (name.equals(".symtab") || name.equals(".strtab")) {
                symbols += s.size();
            }
        }
        long total = debug + symbols;
        if (total < DEBUG_NOTE_THRESHOLD) {
            return;
        }
        if (debug > 0) {
            evidence.add("debug sections: " + bytes(debug));
        }
        if (symbols > 0) {
            evidence.add("symbol table (.symtab, .strtab): " + bytes(symbols));
        }
        long size = elf.size();
        String share = size > 0 ? " (" + Math.round(100.0 * total / size) + "% of the file)" : "";
        out.add(new Finding(Rule.DEBUG_INFO, Rule.DEBUG_INFO.defaultSeverity(), file, null,
                "stripping would save " + bytes(total) + share, evidence,
                "Strip it (`nativepack bundle` does, keeping the debug information in a separate archive), "
                        + "or `strip --strip-all` it before packaging."));
    }

    static String bytes(long n) {
        // By hand rather than String.format: the formatter's first use costs milliseconds of start-up.
        if (n >= 10L << 20) {
            return tenths(n * 10 / 1048576) + " MiB";
        }
        if (n >= 10L << 10) {
            return tenths(n * 10 / 1024) + " KiB";
        }
        return n + " bytes";
    }

    private static String tenths(long tenths) {
        return tenths / 10 + "." + tenths % 10;
    }
}
