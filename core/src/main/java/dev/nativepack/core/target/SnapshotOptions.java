package dev.nativepack.core.target;

import java.util.Objects;

/**
 * What a snapshot cannot read from the root: the target's id, where the platform unpacks
 * functions and layers, the environment its runtime sets, and its size limits. Build with
 * {@link #builder(String)}; unset values take the defaults below.
 *
 * @param id            the target's id, e.g. {@code my-company/base-image/x86_64}
 * @param architecture  which architecture's libraries to capture in a multi-architecture root
 *                      (x86_64, arm64, ...), or null for the root's own (that of its /bin/sh)
 * @param taskRoot      where a function archive is unpacked, default {@code /var/task}
 * @param layerRoot     where layers are unpacked, or null when the platform has no layers
 * @param path          PATH as the runtime sets it
 * @param ldLibraryPath LD_LIBRARY_PATH as the runtime sets it, "" when unset
 * @param limits        deployment size limits, or null when none are known
 */
public record SnapshotOptions(String id, String architecture, String taskRoot, String layerRoot, String path,
                              String ldLibraryPath, Target.Limits limits) {
    public static final String DEFAULT_TASK_ROOT = "/var/task";
    /** Debian's and most images' default PATH for root. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public SnapshotOptions {
        Objects.requireNonNull(id, "id");
        taskRoot = taskRoot == null ? DEFAULT_TASK_ROOT : taskRoot;
        path = path == null ? DEFAULT_PATH : path;
        ldLibraryPath = ldLibraryPath == null ? "" : ldLibraryPath;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builder for {@link SnapshotOptions}; null leaves a value at its default. */
    public static final class Builder {
        private final String id;
        private String architecture;
        private String taskRoot;
        private String layerRoot;
        private String path;
        private String ldLibraryPath;
        private Target.Limits limits;

        private Builder(String id) {
            this.id = id;
        }

        public Builder architecture(String v) { architecture = v; return this; }
        public Builder taskRoot(String v) { taskRoot = v; return this; }
        public Builder layerRoot(String v) { layerRoot = v; return this; }
        public Builder path(String v) { path = v; return this; }
        public Builder ldLibraryPath(String v) { ldLibraryPath = v; return this; }
        public Builder limits(Target.Limits v) { limits = v; return this; }

        public SnapshotOptions build() {
            return new SnapshotOptions(id, architecture, taskRoot, layerRoot, path, ldLibraryPath, limits);
        }
    }
}
