package dev.nativepack.core.report;

import java.util.List;

/** Renders an {@link InspectReport} as aligned "label  value" lines under the file name. */
public final class InspectText {
    static final String INDENT = "  ";
    private static final int LABEL_WIDTH = 20;

    private InspectText() {
    }

    public static String render(InspectReport report, TextStyle style) {
        StringBuilder out = new StringBuilder();
        out.append(style.strong(report.file())).append('\n');
        InspectReport.Header h = report.header();
        line(out, "class", h.elfClass() + ", " + h.endianness() + "-endian");
        line(out, "machine", h.machine());
        line(out, "OS/ABI", h.osAbi() + ", ABI version " + h.abiVersion());
        line(out, "type", h.type() + " (" + h.kindDescription() + ")");
        loading(out, report.loading(), h.machine(), style);
        line(out, "build-id", orNone(report.identity().buildId()));
        line(out, "ABI tag", orNone(report.identity().abiTag()));
        dynamic(out, report.dynamic(), style);
        line(out, "highest versions", report.versions().highest().isEmpty() ? "none"
                : String.join(", ", report.versions().highest().values()));
        line(out, "sections", Integer.toString(report.sectionCount()));
        SegmentTable.render(out, report.programHeaders());
        notes(out, report.notes());
        VersionText.render(out, report.versions());
        return out.toString();
    }

    private static void loading(StringBuilder out, InspectReport.Loading l, String machine, TextStyle style) {
        line(out, "interpreter", orNone(l.interpreter()));
        line(out, "libc", l.libc());
        String stack = l.executableStack();
        line(out, "executable stack", switch (stack) {
            case "yes" -> style.problem("yes");
            case "missing" -> style.warning("no PT_GNU_STACK (architecture default)");
            default -> stack;
        });
        if ("x86_64".equals(machine) || l.x86IsaLevelNeeded() > 0) {
            line(out, "x86-64 ISA needed", l.x86IsaLevelNeeded() == 0 ? "not stated"
                    : l.x86IsaLevelNeeded() == 1 ? "baseline" : "x86-64-v" + l.x86IsaLevelNeeded());
        }
    }

    private static void dynamic(StringBuilder out, InspectReport.Dynamic d, TextStyle style) {
        line(out, "SONAME", orNone(d.soname()));
        list(out, "NEEDED", d.needed());
        line(out, "RPATH", orNone(d.rpath()));
        line(out, "RUNPATH", orNone(d.runpath()));
        line(out, "FLAGS", d.flags().isEmpty() ? "none" : String.join(" ", d.flags()));
        line(out, "FLAGS_1", d.flags1().isEmpty() ? "none" : String.join(" ", d.flags1()));
        line(out, "text relocations", d.textRelocations() ? style.warning("yes") : "no");
        line(out, "DT_RELR", d.relr() ? "yes" : "no");
    }

    private static void notes(StringBuilder out, List<InspectReport.Note> notes) {
        if (notes.isEmpty()) {
            line(out, "notes", "none");
            return;
        }
        out.append(INDENT).append("notes (").append(notes.size()).append("):\n");
        for (InspectReport.Note n : notes) {
            out.append(INDENT).append(INDENT).append(String.format("%-8s %-26s %d bytes%n",
                    n.owner(), n.type(), n.descriptorSize()));
        }
    }

    private static void list(StringBuilder out, String label, List<String> values) {
        if (values.isEmpty()) {
            line(out, label, "none");
        }
        for (int i = 0; i < values.size(); i++) {
            line(out, i == 0 ? label : "", values.get(i));
        }
    }

    static void line(StringBuilder out, String label, String value) {
        out.append(INDENT).append(String.format("%-" + LABEL_WIDTH + "s", label)).append(value).append('\n');
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
