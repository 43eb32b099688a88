package dev.nativepack.core.report;

import java.util.List;

/** The program headers as a table in readelf's order of columns, addresses in hex. */
final class SegmentTable {
    private static final String ROW = "%-14s %-5s %10s %18s %10s %10s %8s%n";

    private SegmentTable() {
    }

    static void render(StringBuilder out, List<InspectReport.Segment> segments) {
        String indent = InspectText.INDENT + InspectText.INDENT;
        out.append(InspectText.INDENT).append("program headers (").append(segments.size()).append("):\n");
        if (segments.isEmpty()) {
            return;
        }
        out.append(indent).append(String.format(ROW, "type", "flags", "offset", "vaddr", "filesz", "memsz", "align"));
        for (InspectReport.Segment s : segments) {
            out.append(indent).append(String.format(ROW, s.type(), s.flags(), hex(s.offset()), hex(s.vaddr()),
                    hex(s.fileSize()), hex(s.memorySize()), hex(s.align())));
        }
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
