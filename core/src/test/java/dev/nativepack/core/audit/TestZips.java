package dev.nativepack.core.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Writes deployment zips for tests, with unix modes and symbolic links as Lambda reads them. */
final class TestZips {
    private TestZips() {
    }

    /** Entries: name -> file to store, or name -> "->target" (a String) for a symbolic link. */
    static Path write(Path zip, Map<String, Object> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip);
             ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                byte[] data;
                if (e.getValue() instanceof String link) {
                    entry.setUnixMode(0120777);
                    data = link.getBytes(StandardCharsets.UTF_8);
                } else {
                    Path source = (Path) e.getValue();
                    entry.setUnixMode(0100000 | (Files.isExecutable(source) ? 0755 : 0644));
                    data = Files.readAllBytes(source);
                }
                out.putArchiveEntry(entry);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return zip;
    }
}
