package dev.nativepack.core.target;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A runtime environment functions are deployed to, as data: its machine and C library, the symbol
 * versions its system libraries define at most, the libraries present, how its loader searches,
 * where functions and layers are unpacked, and the size limits. Every stage (resolve, audit,
 * bundle, verify) is parameterised by one. Built-in targets are JSON resources; users capture
 * their own with {@code nativepack snapshot}.
 *
 * @param id           e.g. {@code aws-lambda/provided.al2023/arm64}
 * @param description  one line for people
 * @param provenance   where the data comes from and how far to trust it
 * @param architecture {@code x86_64}, {@code arm64}, ... (the names the platforms use)
 * @param libc         family and version of the C library
 * @param ceilings     newest version per symbol-version family ({@code GLIBC}, {@code GLIBCXX},
 *                     {@code CXXABI}, {@code GCC}), e.g. {@code GLIBC -> 2.34}
 * @param loader       how the loader searches on the target
 * @param layout       where things live at run time
 * @param limits       deployment size limits, null when the platform publishes none
 * @param libraries    the libraries present, in the order the target's ld.so.cache would list them
 */
public record Target(String id, String description, Provenance provenance, String architecture, Libc libc,
                     Map<String, String> ceilings, Loader loader, Layout layout, Limits limits,
                     List<TargetLibrary> libraries) {
    public Target {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(layout, "layout");
        ceilings = Map.copyOf(ceilings);
        libraries = List.copyOf(libraries);
    }

    /** REAL: observed in the runtime image; DERIVED: inferred from a package list. */
    public enum ProvenanceKind { REAL, DERIVED }

    /**
     * @param kind       REAL or DERIVED
     * @param confidence {@code high}, {@code medium} or {@code low}
     * @param sources    where each part came from (documents, images, package lists), for people
     * @param notes      caveats, may be empty
     */
    public record Provenance(ProvenanceKind kind, String confidence, List<String> sources, String notes) {
        public Provenance {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(confidence, "confidence");
            sources = List.copyOf(sources);
            notes = notes == null ? "" : notes;
        }
    }

    /** @param family {@code glibc} or {@code musl}; @param version e.g. {@code 2.34} */
    public record Libc(String family, String version) {
        public Libc {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * @param interpreter        the program interpreter (PT_INTERP) binaries must name
     * @param systemDirs         the loader's built-in directories, in order
     * @param lib                the value of {@code $LIB}
     * @param platform           the value of {@code $PLATFORM}
     * @param ldLibraryPath      LD_LIBRARY_PATH exactly as the runtime sets it ("" when unset)
     * @param directoryAliases   symbolic links between library directories, e.g. {@code /lib64 -> /usr/lib64}
     */
    public record Loader(String interpreter, List<String> systemDirs, String lib, String platform, String ldLibraryPath,
                         Map<String, String> directoryAliases) {
        public Loader {
            Objects.requireNonNull(interpreter, "interpreter");
            systemDirs = List.copyOf(systemDirs);
            Objects.requireNonNull(lib, "lib");
            Objects.requireNonNull(platform, "platform");
            ldLibraryPath = ldLibraryPath == null ? "" : ldLibraryPath;
            directoryAliases = directoryAliases == null ? Map.of() : Map.copyOf(directoryAliases);
        }
    }

    /**
     * @param taskRoot  where a function archive is unpacked (read-only), e.g. {@code /var/task}
     * @param layerRoot where layers are unpacked, e.g. {@code /opt}; null where the platform has no layers
     * @param path      PATH as the runtime sets it
     */
    public record Layout(String taskRoot, String layerRoot, String path) {
        public Layout {
            Objects.requireNonNull(taskRoot, "taskRoot");
            path = path == null ? "" : path;
        }
    }

    /**
     * @param zippedBytes   largest archive accepted by direct upload, 0 when none
     * @param unzippedBytes largest unpacked size, function and layers together, 0 when none
     */
    public record Limits(long zippedBytes, long unzippedBytes) {
    }
}
