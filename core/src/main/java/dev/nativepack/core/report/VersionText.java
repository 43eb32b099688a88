package dev.nativepack.core.report;

/** The symbol-version part of the inspect text: what is required from each library, and what is defined. */
final class VersionText {
    private VersionText() {
    }

    static void render(StringBuilder out, InspectReport.Versions versions) {
        String indent = InspectText.INDENT + InspectText.INDENT;
        if (versions.needs().isEmpty()) {
            InspectText.line(out, "version needs", "none");
        } else {
            out.append(InspectText.INDENT).append("version needs:\n");
        }
        for (InspectReport.LibraryNeeds library : versions.needs()) {
            out.append(indent).append(library.library()).append('\n');
            for (InspectReport.Requirement r : library.versions()) {
                String count = r.symbolCount() + (r.symbolCount() == 1 ? " symbol" : " symbols");
                out.append(indent).append(InspectText.INDENT)
                        .append(String.format("%-18s %s%s%n", r.name(), count, r.weak() ? ", weak" : ""));
                if (r.symbols() != null) {
                    for (String symbol : r.symbols()) {
                        out.append(indent).append(InspectText.INDENT).append(InspectText.INDENT)
                                .append(symbol).append('\n');
                    }
                }
            }
        }
        if (versions.definitions().isEmpty()) {
            InspectText.line(out, "version definitions", "none");
            return;
        }
        out.append(InspectText.INDENT).append("version definitions:\n");
        for (InspectReport.Definition d : versions.definitions()) {
            out.append(indent).append(String.format("%-3d %s%s%s%n", d.index(), d.name(), d.base() ? " (base)" : "",
                    d.parents().isEmpty() ? "" : " parents: " + String.join(", ", d.parents())));
        }
    }
}
