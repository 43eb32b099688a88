package dev.nativepack.core.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The targets nativepack knows, found by id. Built-in targets are JSON resources listed in
 * {@code builtin/index.txt} (a class path cannot be listed inside a jar); each is parsed only when
 * it is asked for, since a run usually needs one. A name that is a file, or ends in {@code .json},
 * is read as a target file instead, so users can pass the targets they captured themselves.
 */
public final class TargetCatalog {
    static final String RESOURCES = "builtin/";
    static final String INDEX = RESOURCES + "index.txt";
    private static final String SUFFIX = ".json";

    private final List<String> ids;
    private final TargetIds names;
    private final Map<String, Target> parsed = new ConcurrentHashMap<>();

    private TargetCatalog(List<String> ids) {
        this.ids = List.copyOf(ids);
        this.names = new TargetIds(ids);
    }

    /** The targets shipped with nativepack; the index is read on first use, each target when asked for. */
    public static TargetCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /** Holder: the index is read when {@link #builtIn} is first called, not when this class loads. */
    private static final class BuiltIn {
        static final TargetCatalog CATALOG = new TargetCatalog(readIndex());
    }

    /** The ids of the built-in targets in display order, without parsing any. */
    public List<String> ids() {
        return ids;
    }

    /** Every built-in target, in display order. */
    public List<Target> all() {
        List<Target> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(load(id));
        }
        return out;
    }

    /**
     * The target {@code spec} names: a target file (a path that exists or ends in .json), or a
     * built-in id {@code platform/runtime/architecture}. The architecture may be left off (x86_64),
     * and the platform too when no other platform has that runtime; aarch64 and amd64 are read as
     * arm64 and x86_64.
     *
     * @throws IOException            a target file cannot be read (the exception names it)
     * @throws TargetFormatException  a target file is not a valid target (the message names file and field)
     * @throws UnknownTargetException no built-in target, or more than one, has that name
     */
    public Target find(String spec) throws IOException, TargetFormatException, UnknownTargetException {
        if (spec.endsWith(SUFFIX) || isFile(spec)) {
            return read(Path.of(spec));
        }
        return load(names.resolve(spec));
    }

    /** Reads a target file; error messages name it as given. */
    public static Target read(Path file) throws IOException, TargetFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return TargetJson.read(in, file.toString());
        }
    }

    private static boolean isFile(String spec) {
        try {
            return Files.isRegularFile(Path.of(spec));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private Target load(String id) {
        return parsed.computeIfAbsent(id, TargetCatalog::parseBuiltIn);
    }

    private static Target parseBuiltIn(String id) {
        String resource = RESOURCES + id + SUFFIX;
        try (InputStream in = open(resource)) {
            return TargetJson.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TargetFormatException e) {
            // The resources are validated by the build's tests: a damaged one is a bug, not bad input.
            throw new IllegalStateException("built-in target is damaged: " + e.getMessage(), e);
        }
    }

    static List<String> readIndex() {
        List<String> ids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(INDEX), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (!line.endsWith(SUFFIX)) {
                    throw new IllegalStateException(INDEX + ": \"" + line + "\" does not name a .json resource");
                }
                ids.add(line.substring(0, line.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = TargetCatalog.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource " + resource + " is missing from the class path");
        }
        return in;
    }
}
