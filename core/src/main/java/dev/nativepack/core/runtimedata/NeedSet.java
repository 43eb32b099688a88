package dev.nativepack.core.runtimedata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The needs as the sources are heard: the table's first (it says what a path is), then what dpkg
 * and the strings found, joined to the table's needs they lie in or hold, or needs of their own.
 * Each path is one need.
 */
final class NeedSet {
    private final RootedFiles root;
    private final RuntimeDataTable table;
    private final List<NeedDraft> needs = new ArrayList<>();

    NeedSet(RootedFiles root, RuntimeDataTable table) {
        this.root = root;
        this.table = table;
    }

    /**
     * The table's needs of a file. Where a path pattern matches several places (two tessdata
     * versions), the one dpkg or the file's strings point at is taken, else the first.
     *
     * @param libDir the file's directory on the root, null when it is not on the root
     */
    void fromTable(ObjectFile file, String libDir, List<Candidate> candidates) {
        for (RuntimeDataTable.Match m : table.matching(file.name())) {
            for (TableEntry.NeedSpec spec : m.entry().needs()) {
                Set<String> found = new LinkedHashSet<>();
                for (PathPattern p : spec.paths()) {
                    found.addAll(p.expand(root, libDir, m.version()));
                }
                NeedDraft chosen = null;
                for (String f : found) {
                    NeedDraft draft = new NeedDraft(file.name(), m.entry(), spec, m.version(), f, root.existing(f));
                    if (chosen == null) {
                        chosen = draft;
                    }
                    if (pointedAt(draft, file, candidates)) {
                        chosen = draft;
                        break;
                    }
                }
                if (chosen != null) {
                    NeedDraft same = at(chosen.path(), chosen.canonical());
                    if (same == null) {
                        same = chosen;
                        needs.add(chosen);
                    }
                    same.add(new Evidence(NeedSource.TABLE, m.entry().library()));
                }
            }
        }
    }

    private NeedDraft at(String path, String canonical) {
        for (NeedDraft n : needs) {
            if (n.isAt(path, canonical)) {
                return n;
            }
        }
        return null;
    }

    private static boolean pointedAt(NeedDraft draft, ObjectFile file, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.file() == file && (draft.isAt(c.path(), c.canonical()) || draft.liesIn(c.path(), c.canonical())
                    || draft.holds(c.path(), c.canonical()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A path dpkg or strings found joins the deepest need it lies in, else every need that lies in
     * it (a package's top directory holding several of the table's), else becomes a need of its own.
     */
    void merge(Candidate c) {
        NeedDraft container = null;
        for (NeedDraft n : needs) {
            boolean holds = n.isAt(c.path(), c.canonical()) || n.holds(c.path(), c.canonical());
            if (holds && (container == null || n.canonical().length() > container.canonical().length())) {
                container = n;
            }
        }
        if (container != null) {
            container.add(c.evidence());
            return;
        }
        boolean joined = false;
        for (NeedDraft n : needs) {
            if (n.liesIn(c.path(), c.canonical())) {
                n.add(c.evidence());
                joined = true;
            }
        }
        if (!joined) {
            NeedDraft own = new NeedDraft(c.file().name(), null, null, "", c.path(), c.canonical());
            own.add(c.evidence());
            needs.add(own);
        }
    }

    /**
     * Each need measured on disk. An empty directory only dpkg or strings name holds nothing to
     * bring and is left out; the table's are kept, to say what the library would look for.
     */
    List<RuntimeNeed> build(Function<String, String> neverBundle) {
        List<RuntimeNeed> out = new ArrayList<>();
        for (NeedDraft d : needs) {
            RuntimeNeed need = d.build(root, neverBundle);
            if (d.fromTable() || need.files() > 0) {
                out.add(need);
            }
        }
        return out;
    }
}
