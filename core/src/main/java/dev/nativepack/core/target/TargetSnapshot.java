package dev.nativepack.core.target;

import dev.nativepack.core.resolve.LoaderProfile;
import dev.nativepack.core.resolve.ProfileDetector;
import dev.nativepack.elf.ElfMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Captures a target from a root file system (an unpacked image, a debootstrap'd tree, or / itself)
 * by reading its files, never by running anything in it: the C library and its version, how the
 * loader searches, every shared library of the architecture in the searched directories with the
 * versions it defines, and the ceilings those versions give. The result is a REAL target.
 */
public final class TargetSnapshot {
    /** glibc's libraries that define GLIBC_ nodes of the release; GLIBC_2.31 exists only in libm and libpthread. */
    private static final List<String> GLIBC_VERSION_LIBRARIES = List.of("libc.so.6", "libm.so.6", "libpthread.so.0");

    private TargetSnapshot() {
    }

    /**
     * @throws SnapshotException when the root is not a directory or holds no C library
     * @throws IOException when the root cannot be read at all
     */
    public static Target capture(Path root, SnapshotOptions options) throws SnapshotException, IOException {
        String rootName = root.toAbsolutePath().normalize().toString();
        if (!Files.isDirectory(root)) {
            throw new SnapshotException(rootName + ": " + (Files.exists(root) ? "not a directory" : "no such directory"));
        }
        RootPaths paths = new RootPaths(root.toRealPath());
        CLibrary libc = CLibrary.find(paths, options.architecture(), rootName);
        Target.Loader loader = CLibrary.GLIBC.equals(libc.family()) ? glibcLoader(paths, libc, options, rootName)
                : muslLoader(paths, libc, options);
        List<TargetLibrary> libraries = new LibraryScanner(paths, libc.file()).scan(LibraryDirectories.searched(
                paths, loader.systemDirs(), CLibrary.GLIBC.equals(libc.family())));
        List<List<String>> versions = new ArrayList<>();
        for (TargetLibrary lib : libraries) {
            versions.add(lib.versions());
        }
        String libcVersion = CLibrary.GLIBC.equals(libc.family()) ? glibcVersion(libraries)
                : MuslLoader.version(paths.host(paths.canonical(libc.path())));
        return new Target(options.id(), OsRelease.prettyName(paths),
                new Target.Provenance(Target.ProvenanceKind.REAL, "high",
                        List.of("snapshot of " + rootName + " taken by nativepack snapshot"), ""),
                ArchitectureNames.of(libc.file().elf().header()), new Target.Libc(libc.family(), libcVersion),
                VersionCeilings.of(versions), loader,
                new Target.Layout(options.taskRoot(), options.layerRoot(), options.path()), options.limits(),
                libraries);
    }

    private static Target.Loader glibcLoader(RootPaths paths, CLibrary libc, SnapshotOptions options,
            String rootName) throws SnapshotException {
        LoaderProfile profile;
        try {
            profile = ProfileDetector.detect(paths.root(), libc.file().elf());
        } catch (IOException e) {
            // A link cycle on a loader directory (/lib -> lib): name it as a path of the root.
            throw new SnapshotException(rootName + ": " + paths.describe(e.getMessage()), e);
        }
        // The capturing machine's CPU is not the target's: $PLATFORM is the architecture's baseline
        // value (the kernel's AT_PLATFORM), not what glibc would pick on this CPU (haswell).
        int machine = libc.file().elf().machine();
        String platform = machine == ElfMachine.EM_X86_64 ? "x86_64" : profile.dstPlatform();
        return new Target.Loader(profile.interpreter(), profile.systemDirs(), profile.dstLib(), platform,
                options.ldLibraryPath(), LibraryDirectories.aliases(paths));
    }

    private static Target.Loader muslLoader(RootPaths paths, CLibrary libc, SnapshotOptions options) {
        // musl expands neither $LIB nor $PLATFORM; the values only keep the schema's fields filled.
        return new Target.Loader(libc.path(), MuslLoader.systemDirs(paths, libc.fileName()), "lib",
                ElfMachine.name(libc.file().elf().machine()), options.ldLibraryPath(),
                LibraryDirectories.aliases(paths));
    }

    /** The newest GLIBC_ node of the libc, libm and libpthread the loader would find first. */
    static String glibcVersion(List<TargetLibrary> libraries) {
        Set<String> seen = new HashSet<>();
        List<List<String>> versions = new ArrayList<>();
        for (TargetLibrary lib : libraries) {
            if (GLIBC_VERSION_LIBRARIES.contains(lib.name()) && seen.add(lib.name())) {
                versions.add(lib.versions());
            }
        }
        Map<String, String> ceilings = VersionCeilings.of(versions);
        String version = ceilings.get("GLIBC");
        return version == null ? "unknown" : version;
    }
}
