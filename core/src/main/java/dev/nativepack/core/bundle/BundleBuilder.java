package dev.nativepack.core.bundle;

import dev.nativepack.core.archive.ArchiveEntry;
import dev.nativepack.core.archive.ArchiveOptions;
import dev.nativepack.core.archive.ArchiveSummary;
import dev.nativepack.core.archive.ArchiveTimestamp;
import dev.nativepack.core.archive.ArchiveWriteException;
import dev.nativepack.core.archive.ArchiveWriter;
import dev.nativepack.core.archive.CompressionCache;
import dev.nativepack.core.archive.DirectoryWriter;
import dev.nativepack.core.cache.FileCache;
import dev.nativepack.core.packages.PackageDatabase;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.edit.EditResult;
import dev.nativepack.elf.edit.ElfEditException;
import dev.nativepack.elf.edit.ElfEditor;
import dev.nativepack.elf.strip.NotStrippableException;
import dev.nativepack.elf.strip.StripResult;
import dev.nativepack.elf.strip.Stripper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a planned bundle: each ELF file stripped (its debug information kept apart when asked),
 * then given the search path that makes the bundle's libraries win and the renames, re-parsed,
 * and written with the manifest into a reproducible archive or directory. Files are prepared in
 * parallel; the archive does not depend on the order they finish in.
 */
public final class BundleBuilder {
    /**
     * What to do besides the plan.
     *
     * @param cacheDirectory   where prepared and compressed files are kept between runs (see
     *                         {@link PreparedCache} and {@link CompressionCache}), or null for none
     * @param compressionLevel deflate level of the archive, 0 (store) to 9
     */
    public record Options(boolean strip, boolean keepDebug, boolean directory, ArchiveTimestamp timestamp,
                          String toolVersion, Path cacheDirectory, int compressionLevel) {
        public Options(boolean strip, boolean keepDebug, boolean directory, ArchiveTimestamp timestamp,
                       String toolVersion) {
            this(strip, keepDebug, directory, timestamp, toolVersion, null, ArchiveOptions.DEFAULT_COMPRESSION_LEVEL);
        }
    }

    /** What the caches may hold: about 40 bundles of gdalinfo's size. */
    private static final long PREPARED_CACHE_BYTES = 4L << 30;
    private static final long COMPRESSED_CACHE_BYTES = 2L << 30;

    private final Options options;
    private final PreparedCache preparedCache;
    private final CompressionCache compressionCache;
    private final FileCache compressedFiles;
    /** Where the files' packages are asked for: this machine's database (dpkg's, else rpm's). */
    private PackageDatabase packages;

    public BundleBuilder(Options options) {
        this.options = options;
        if (options.cacheDirectory() != null) {
            preparedCache = new PreparedCache(new FileCache(options.cacheDirectory().resolve("prepared"),
                    PREPARED_CACHE_BYTES));
            compressedFiles = new FileCache(options.cacheDirectory().resolve("deflate"), COMPRESSED_CACHE_BYTES);
            compressionCache = new CompressionCache(compressedFiles);
        } else {
            preparedCache = null;
            compressedFiles = null;
            compressionCache = null;
        }
    }

    /** This builder asking another package database about the files (a test's damaged one). */
    BundleBuilder withPackageDatabase(PackageDatabase database) {
        this.packages = database;
        return this;
    }

    /** A file ready for the archive. */
    private record Prepared(BundleFile file, byte[] bytes, String sha256, byte[] debug, long stripped, long added) {
        Prepared(BundleFile file, byte[] bytes, byte[] debug, long stripped, long added) {
            // Hashed here, on the preparing thread, so that the digests of all files are made in parallel.
            this(file, bytes, BundleBuilder.sha256(bytes), debug, stripped, added);
        }
    }

    public BundleResult build(BundlePlan plan, Path output) throws BundleException, IOException {
        // The package database (dpkg's, else rpm's) is read while the files are prepared.
        CompletableFuture<Map<Path, PackageDatabase.Owner>> ownersLater = CompletableFuture.supplyAsync(() -> {
            try {
                PackageDatabase database = packages != null ? packages : PackageDatabase.of(Path.of("/"));
                return database.owners(plan.files().stream().map(BundleFile::source).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<Prepared> prepared = prepareAll(plan);
        Map<Path, PackageDatabase.Owner> owners;
        String packageProblem = null;
        try {
            owners = ownersLater.join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof UncheckedIOException io)) {
                throw e;
            }
            // The packages only name the files in the manifest and the SBOM: the bundle is whole without them.
            owners = Map.of();
            packageProblem = io.getCause().getMessage();
        }
        List<ArchiveEntry> entries = new ArrayList<>();
        List<ManifestEntry> manifest = new ArrayList<>();
        List<ArchiveEntry> debugEntries = new ArrayList<>();
        long stripped = 0;
        long added = 0;
        for (Prepared p : prepared) {
            BundleFile f = p.file();
            entries.add(ArchiveEntry.bytes(f.path(), p.bytes(), f.executable()).withContentDigest(p.sha256()));
            PackageDatabase.Owner owner = owners.get(f.source());
            manifest.add(new ManifestEntry(f.path(), f.role().name().toLowerCase(java.util.Locale.ROOT),
                    f.source().toString(), p.sha256(), p.bytes().length, f.soname(), f.rpath(),
                    owner == null ? null : owner.pkg(), owner == null ? null : owner.version(),
                    owner == null ? null : owner.purl(), f.reason()));
            if (p.debug() != null) {
                debugEntries.add(ArchiveEntry.bytes(f.path() + ".debug", p.debug(), false));
            }
            stripped += p.stripped();
            added += p.added();
        }
        for (GeneratedFile g : plan.generated()) {
            String sha = sha256(g.bytes());
            entries.add(ArchiveEntry.bytes(g.path(), g.bytes(), g.executable()).withContentDigest(sha));
            manifest.add(new ManifestEntry(g.path(), "generated", "nativepack", sha, g.bytes().length, null, null, null,
                    null, null, g.reason()));
        }
        manifest.sort((a, b) -> a.path().compareTo(b.path()));
        entries.add(ArchiveEntry.bytes(BundleManifest.FILE_NAME, BundleManifest.write(plan.target().id(), plan.layout(),
                manifest, plan.renames(), plan.data(), options.toolVersion()).getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
        entries.add(ArchiveEntry.bytes(BundleSbom.FILE_NAME, BundleSbom.write(plan.target().id(),
                plan.target().architecture(), manifest, options.toolVersion())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
        ArchiveOptions archive = ArchiveOptions.defaults().withTimestamp(options.timestamp())
                .withSymbolicLinks(!plan.layout().isLayer()).withCache(compressionCache)
                .withCompressionLevel(options.compressionLevel());
        Path debugArchive = null;
        try {
            ArchiveSummary summary = options.directory()
                    ? new DirectoryWriter(archive).write(entries, output, true)
                    : new ArchiveWriter(archive).write(entries, output);
            if (options.keepDebug() && !debugEntries.isEmpty()) {
                debugArchive = debugArchiveFor(output);
                new ArchiveWriter(archive.withCache(null)).write(debugEntries, debugArchive);
            }
            if (preparedCache != null) {
                preparedCache.trim();
                compressedFiles.trim();
            }
            return new BundleResult(summary, manifest, debugArchive, stripped, added, packageProblem);
        } catch (ArchiveWriteException e) {
            throw new BundleException(e.getMessage());
        }
    }

    /** {@code function.zip} -> {@code function.debug.zip}, beside it. */
    static Path debugArchiveFor(Path output) {
        String name = output.getFileName().toString();
        String base = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return output.resolveSibling(base + ".debug.zip");
    }

    private List<Prepared> prepareAll(BundlePlan plan) throws BundleException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                r -> {
                    Thread t = new Thread(r, "nativepack-bundle");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<Prepared>> futures = new ArrayList<>();
            for (BundleFile f : plan.files()) {
                futures.add(pool.submit(() -> prepare(f, plan.renames())));
            }
            List<Prepared> out = new ArrayList<>();
            for (Future<Prepared> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BundleException be) {
                throw be;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new BundleException(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while preparing the bundle");
        } finally {
            pool.shutdownNow();
        }
    }

    private Prepared prepare(BundleFile f, Map<String, String> renames) throws IOException, BundleException {
        // Debug files are not kept in the cache: a bundle asking for them prepares everything again.
        String key = preparedCache == null || options.keepDebug() || copiedAsItIs(f) ? null
                : PreparedCache.key(f, options.strip(), renames);
        if (key != null) {
            PreparedCache.Hit hit = preparedCache.find(key);
            if (hit != null) {
                return new Prepared(f, hit.bytes(), hit.sha256(), null, hit.stripped(), hit.added());
            }
        }
        Prepared p = prepareNow(f, renames);
        if (key != null) {
            preparedCache.keep(key, p.bytes(), p.sha256(), p.stripped(), p.added());
        }
        return p;
    }

    private Prepared prepareNow(BundleFile f, Map<String, String> renames) throws IOException, BundleException {
        byte[] bytes = Files.readAllBytes(f.source());
        if (copiedAsItIs(f) || !isElf(bytes)) {
            return new Prepared(f, bytes, null, 0, 0);
        }
        String name = f.source().toString();
        byte[] debug = null;
        long stripped = 0;
        try {
            if (options.strip()) {
                // Strip first: patching moves or adds data that a later strip would have to preserve.
                StripResult s = options.keepDebug() ? Stripper.stripAndSplit(bytes, name) : Stripper.stripAll(bytes, name);
                stripped = s.bytesRemoved();
                bytes = s.stripped();
                debug = s.debugFile();
            }
            ElfEditor editor = ElfEditor.of(bytes, name);
            boolean edits = false;
            if (f.rpath() != null) {
                if (f.runpath()) {
                    editor.setRunpath(f.rpath());
                } else {
                    editor.setRpath(f.rpath());
                }
                edits = true;
            }
            ElfFile elf = ElfFile.parse(f.source(), bytes);
            String soname = elf.dynamic().soname();
            if (f.role() == BundleFile.Role.LIBRARY && soname != null && renames.containsKey(soname)) {
                editor.setSoname(renames.get(soname));
                edits = true;
            }
            for (String needed : elf.dynamic().needed()) {
                if (renames.containsKey(needed)) {
                    editor.replaceNeeded(needed, renames.get(needed));
                    edits = true;
                }
            }
            if (!edits || !elf.hasDynamicSegment()) {
                return new Prepared(f, bytes, debug, stripped, 0);
            }
            EditResult edited = editor.apply();
            return new Prepared(f, edited.bytes(), debug, stripped, edited.bytesAdded());
        } catch (ElfEditException | NotStrippableException | MalformedElfException e) {
            throw new BundleException(f.source() + ": cannot be prepared for the bundle: " + e.getMessage());
        }
    }

    private static boolean copiedAsItIs(BundleFile f) {
        return f.role() == BundleFile.Role.INCLUDED || f.role() == BundleFile.Role.DATA;
    }

    private static boolean isElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    static String sha256(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
