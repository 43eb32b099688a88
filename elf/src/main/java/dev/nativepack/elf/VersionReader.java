package dev.nativepack.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads .gnu.version_r and .gnu.version_d through DT_VERNEED and DT_VERDEF (research/elf.md §3).
 * Record links (vn_next, vna_next, vd_next, vda_next) are unsigned, so every walk moves forward
 * and ends at the file's end at the latest.
 */
final class VersionReader {
    private VersionReader() {
    }

    /**
     * The versions each needed library must define. With {@code symbols} non-null, each version
     * also lists the undefined dynamic symbols whose .gnu.version index points at it.
     */
    static List<VersionNeed> needs(ElfInput in, DynamicLayout layout, Supplier<List<ElfSymbol>> symbols) {
        if (layout.versionNeeds() < 0) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        List<List<long[]>> auxes = new ArrayList<>();
        long offset = layout.versionNeeds();
        for (long i = 0; i < layout.versionNeedCount(); i++) {
            int count = in.u16(offset + 2, "Verneed vn_cnt");
            String file = layout.string(in, in.u32(offset + 4, "Verneed vn_file"), "Verneed vn_file");
            long aux = offset + in.u32(offset + 8, "Verneed vn_aux");
            long next = in.u32(offset + 12, "Verneed vn_next");
            List<long[]> entries = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                long hash = in.u32(aux, "Vernaux vna_hash");
                int flags = in.u16(aux + 4, "Vernaux vna_flags");
                int other = in.u16(aux + 6, "Vernaux vna_other");
                long name = in.u32(aux + 8, "Vernaux vna_name");
                long auxNext = in.u32(aux + 12, "Vernaux vna_next");
                entries.add(new long[] {hash, flags, other, name});
                if (auxNext == 0) {
                    break;
                }
                aux += auxNext;
            }
            files.add(file);
            auxes.add(entries);
            if (next == 0) {
                break;
            }
            offset += next;
        }
        Map<Integer, List<String>> symbolsByIndex = symbols == null ? Map.of() : undefinedByVersion(symbols.get());
        List<VersionNeed> out = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            List<RequiredVersion> versions = new ArrayList<>();
            for (long[] e : auxes.get(i)) {
                int index = (int) e[2] & 0x7fff;
                versions.add(new RequiredVersion(layout.string(in, e[3], "Vernaux vna_name"), e[0], (int) e[1], index,
                        List.copyOf(symbolsByIndex.getOrDefault(index, List.of()))));
            }
            out.add(new VersionNeed(files.get(i), List.copyOf(versions)));
        }
        return List.copyOf(out);
    }

    private static Map<Integer, List<String>> undefinedByVersion(List<ElfSymbol> symbols) {
        Map<Integer, List<String>> out = new HashMap<>();
        for (int i = 1; i < symbols.size(); i++) {
            ElfSymbol s = symbols.get(i);
            if (s.isUndefined() && s.versionIndex() > 1) {
                out.computeIfAbsent(s.versionIndex(), k -> new ArrayList<>()).add(s.name());
            }
        }
        return out;
    }

    static List<VersionDefinition> definitions(ElfInput in, DynamicLayout layout) {
        if (layout.versionDefinitions() < 0) {
            return List.of();
        }
        List<VersionDefinition> out = new ArrayList<>();
        long offset = layout.versionDefinitions();
        for (long i = 0; i < layout.versionDefinitionCount(); i++) {
            int flags = in.u16(offset + 2, "Verdef vd_flags");
            int index = in.u16(offset + 4, "Verdef vd_ndx");
            int count = in.u16(offset + 6, "Verdef vd_cnt");
            long hash = in.u32(offset + 8, "Verdef vd_hash");
            long aux = offset + in.u32(offset + 12, "Verdef vd_aux");
            long next = in.u32(offset + 16, "Verdef vd_next");
            List<String> names = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                names.add(layout.string(in, in.u32(aux, "Verdaux vda_name"), "Verdaux vda_name"));
                long auxNext = in.u32(aux + 4, "Verdaux vda_next");
                if (auxNext == 0) {
                    break;
                }
                aux += auxNext;
            }
            if (names.isEmpty()) {
                throw in.error("Verdef vd_cnt", offset + 6, "version definition without a name");
            }
            out.add(new VersionDefinition(index, flags, hash, names.get(0), List.copyOf(names.subList(1, names.size()))));
            if (next == 0) {
                break;
            }
            offset += next;
        }
        return List.copyOf(out);
    }
}
