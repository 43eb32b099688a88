package dev.nativepack.core.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A memory cgroup for one function's processes, where this machine lets us make one (a writable
 * cgroup v1 memory hierarchy or cgroup v2 with the memory controller, as root or with delegation):
 * the function's memory size becomes a hard limit, and "Max Memory Used" is the group's peak, as
 * on Lambda. Elsewhere the function runs without a limit and the peak is read from its processes.
 */
final class MemoryCgroup implements AutoCloseable {
    private final Path dir;
    private final boolean v2;

    private MemoryCgroup(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /** A new group limited to {@code bytes}, or null when this machine does not allow one. */
    static MemoryCgroup create(long bytes) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length != 3) {
                    continue;
                }
                MemoryCgroup made = null;
                if (List.of(parts[1].split(",")).contains("memory")) {
                    made = make(Path.of("/sys/fs/cgroup/memory" + parts[2]), false, "memory.limit_in_bytes", bytes);
                } else if (parts[0].equals("0") && parts[1].isEmpty()
                        && Files.isRegularFile(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
                    made = make(Path.of("/sys/fs/cgroup" + parts[2]), true, "memory.max", bytes);
                }
                if (made != null) {
                    return made;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static MemoryCgroup make(Path parent, boolean v2, String limitFile, long bytes) {
        Path dir = parent.resolve("nativepack-" + UUID.randomUUID());
        try {
            Files.createDirectory(dir);
            Files.writeString(dir.resolve(limitFile), Long.toString(bytes));
            if (!v2) {
                // Without swap accounting off, a limited group would swap instead of failing as Lambda does.
                Path swap = dir.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(swap)) {
                    Files.writeString(swap, Long.toString(bytes));
                }
            } else if (Files.exists(dir.resolve("memory.swap.max"))) {
                Files.writeString(dir.resolve("memory.swap.max"), "0");
            }
            return new MemoryCgroup(dir, v2);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // Nothing was made, or nothing can be undone.
            }
            return null;
        }
    }

    /** A command prefix that moves the shell into the group, then runs the rest in it. */
    List<String> prefix() {
        return List.of("/bin/sh", "-c", "echo $$ > '" + dir.resolve("cgroup.procs") + "' && exec \"$@\"", "sh");
    }

    /** The group's highest memory use so far, in bytes, or -1. */
    long peakBytes() {
        Path file = dir.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the kernel killed a process of the group for going over the limit. */
    boolean oomKilled() {
        try {
            if (v2) {
                for (String line : Files.readAllLines(dir.resolve("memory.events"))) {
                    if (line.startsWith("oom_kill ") && !line.endsWith(" 0")) {
                        return true;
                    }
                }
                return false;
            }
            for (String line : Files.readAllLines(dir.resolve("memory.oom_control"))) {
                if (line.startsWith("oom_kill ") && !line.endsWith(" 0")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A group still holding a process cannot be removed; the kernel frees it when that ends.
        }
    }
}
