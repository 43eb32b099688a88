package dev.nativepack.core.jar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The libraries whose loader tries {@code System.loadLibrary} before extracting its native, read
 * from {@code load-library-first.txt}: only for those does a copy beside the jar, on
 * java.library.path, save the extraction at cold start.
 */
public final class LoadLibraryFirst {
    /**
     * @param library  a name for people, e.g. zstd-jni
     * @param fileName the native's file names this covers
     * @param source   where the behaviour is documented
     */
    public record Library(String library, Pattern fileName, String source) {
    }

    private static final String RESOURCE = "load-library-first.txt";
    private static final List<Library> TABLE = read();

    private LoadLibraryFirst() {
    }

    public static List<Library> table() {
        return TABLE;
    }

    /** The library whose native has this file name (the last part of its entry), or null. */
    public static Library forFileName(String fileName) {
        for (Library l : TABLE) {
            if (l.fileName().matcher(fileName).matches()) {
                return l;
            }
        }
        return null;
    }

    private static List<Library> read() {
        List<Library> out = new ArrayList<>();
        try (InputStream in = LoadLibraryFirst.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 3) {
                    throw new IllegalStateException(RESOURCE + ": expected 3 tab-separated columns: " + line);
                }
                out.add(new Library(columns[0], Pattern.compile(columns[1]), columns[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
