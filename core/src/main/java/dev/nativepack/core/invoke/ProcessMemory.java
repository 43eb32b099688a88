package dev.nativepack.core.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory of a process tree, from /proc, where no memory cgroup measures it. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** The sum of the peak resident sizes (VmHWM) of a process and its descendants, in bytes, or -1. */
    static long peakBytes(ProcessHandle root) {
        long total = vmHwm(root.pid());
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child : (Iterable<ProcessHandle>) root.descendants()::iterator) {
            total += Math.max(0, vmHwm(child.pid()));
        }
        return total;
    }

    private static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
