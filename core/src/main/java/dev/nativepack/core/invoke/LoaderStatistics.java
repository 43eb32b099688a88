package dev.nativepack.core.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What glibc's loader says of its own start-up time with {@code LD_DEBUG=statistics}: total time
 * in the dynamic loader, and the shares of relocation and of loading objects. The loader counts
 * TSC cycles; they are turned into time with the CPU's nominal frequency, so the result is an
 * estimate (marked as such where it is shown).
 */
record LoaderStatistics(long totalCycles, double relocationPercent, double loadPercent) {
    private static final Pattern TOTAL = Pattern.compile("total startup time in dynamic loader: (\\d+) cycles");
    private static final Pattern RELOCATION = Pattern.compile("time needed for relocation: \\d+ cycles \\(([0-9.]+)%\\)");
    private static final Pattern LOAD = Pattern.compile("time needed to load objects: \\d+ cycles \\(([0-9.]+)%\\)");

    /** The statistics in a process's output, or null when it has none (another libc, a static program). */
    static LoaderStatistics parse(String output) {
        Matcher total = TOTAL.matcher(output);
        if (!total.find()) {
            return null;
        }
        Matcher relocation = RELOCATION.matcher(output);
        Matcher load = LOAD.matcher(output);
        return new LoaderStatistics(Long.parseLong(total.group(1)),
                relocation.find() ? Double.parseDouble(relocation.group(1)) : Double.NaN,
                load.find() ? Double.parseDouble(load.group(1)) : Double.NaN);
    }

    /** The loader's time in milliseconds at the given clock, or NaN when the clock is unknown. */
    double millis(double cpuMegahertz) {
        return cpuMegahertz > 0 ? totalCycles / (cpuMegahertz * 1000.0) : Double.NaN;
    }

    /** This machine's CPU clock from /proc/cpuinfo, in MHz, or 0. */
    static double cpuMegahertz() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
