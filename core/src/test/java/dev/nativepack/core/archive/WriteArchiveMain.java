package dev.nativepack.core.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes an archive in a JVM of its own, for the tests that need another time zone, another
 * environment, or a process to kill. Arguments: OUTPUT THREADS LEVEL SPEC, where SPEC has one
 * entry a line, tab-separated: {@code file|exec PATH SOURCE}, {@code file-hex|exec-hex PATH HEX},
 * {@code link PATH TARGET} or {@code dir PATH}. SOURCE_DATE_EPOCH comes from the environment.
 * Prints the JVM's time zone, then the entry count; exits 3 with the message on an
 * {@link ArchiveWriteException}.
 */
public final class WriteArchiveMain {
    private WriteArchiveMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("zone=" + ZoneId.systemDefault().getId());
        List<ArchiveEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            String[] f = line.split("\t", -1);
            entries.add(switch (f[0]) {
                case "file" -> ArchiveEntry.file(f[1], Path.of(f[2]), false);
                case "exec" -> ArchiveEntry.file(f[1], Path.of(f[2]), true);
                case "file-hex" -> ArchiveEntry.bytes(f[1], HexFormat.of().parseHex(f[2]), false);
                case "exec-hex" -> ArchiveEntry.bytes(f[1], HexFormat.of().parseHex(f[2]), true);
                case "link" -> ArchiveEntry.symbolicLink(f[1], f[2]);
                case "dir" -> ArchiveEntry.directory(f[1]);
                default -> throw new IllegalArgumentException(line);
            });
        }
        ArchiveOptions options = ArchiveOptions.defaults().withThreads(Integer.parseInt(args[1]))
                .withCompressionLevel(Integer.parseInt(args[2]));
        System.out.println("timestamp=" + options.timestamp());
        System.out.flush();
        try {
            ArchiveSummary summary = new ArchiveWriter(options).write(entries, Path.of(args[0]));
            System.out.println("entries=" + summary.entries());
        } catch (ArchiveWriteException e) {
            System.out.println("error=" + e.problem() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
