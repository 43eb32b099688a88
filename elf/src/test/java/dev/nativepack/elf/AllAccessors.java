package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses bytes and calls every public accessor, each on its own, so that one failing accessor
 * does not hide another. Runs under a timeout (a hang fails the test) and measures the bytes the
 * parsing thread allocates (a huge allocation fails the test before it can exhaust the heap of a
 * bigger machine).
 */
final class AllAccessors {
    /** Generous for files of a few MB; a reader that trusts a 32-bit count allocates gigabytes. */
    static final long ALLOCATION_LIMIT = 256L << 20;
    static final Duration TIME_LIMIT = Duration.ofSeconds(10);

    private static final List<Consumer<ElfFile>> ACCESSORS = List.of(
            ElfFile::header, ElfFile::programHeaders, ElfFile::interpreter, ElfFile::hasDynamicSegment,
            ElfFile::dynamic, ElfFile::sections,
            // The symbol-free fast path first, so it runs without a cached full result.
            ElfFile::versionNeedsWithoutSymbols, ElfFile::dynamicSymbols, ElfFile::symbolTable,
            ElfFile::versionNeeds, ElfFile::versionDefinitions, ElfFile::notes, ElfFile::buildId, ElfFile::abiTag,
            ElfFile::gnuProperties, ElfFile::kind, ElfFile::libcFamily, ElfFile::executableStack);

    private AllAccessors() {
    }

    /** What happened: the errors raised (empty when every accessor succeeded). */
    record Outcome(List<MalformedElfException> errors, long allocatedBytes) {
    }

    /**
     * Runs the parse and all accessors. Fails the test on a timeout, a huge allocation or any
     * exception other than MalformedElfException; returns the MalformedElfExceptions raised.
     */
    static Outcome run(Path name, byte[] bytes) {
        Outcome outcome = assertTimeoutPreemptively(TIME_LIMIT, () -> {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            List<MalformedElfException> errors = new ArrayList<>();
            ElfFile elf = null;
            try {
                elf = ElfFile.parse(name, bytes);
            } catch (MalformedElfException e) {
                errors.add(e);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("parsing " + name + " raised " + e, e);
            }
            if (elf != null) {
                for (int i = 0; i < ACCESSORS.size(); i++) {
                    try {
                        ACCESSORS.get(i).accept(elf);
                    } catch (MalformedElfException e) {
                        errors.add(e);
                    } catch (RuntimeException | Error e) {
                        throw new AssertionError("accessor #" + i + " on " + name + " raised " + e, e);
                    }
                }
            }
            return new Outcome(errors, threads.getCurrentThreadAllocatedBytes() - before);
        }, () -> "parsing " + name + " did not finish within " + TIME_LIMIT);
        assertThat(outcome.allocatedBytes()).as("bytes allocated while parsing %s", name)
                .isLessThan(ALLOCATION_LIMIT);
        for (MalformedElfException e : outcome.errors()) {
            assertThat(e.getMessage()).as("the message names the file").startsWith(name + ": ");
        }
        return outcome;
    }

    /** Like {@link #run} but requires at least one MalformedElfException; returns the first. */
    static MalformedElfException expectMalformed(Path name, byte[] bytes) {
        Outcome outcome = run(name, bytes);
        assertThat(outcome.errors()).as("MalformedElfException from some accessor of %s", name).isNotEmpty();
        return outcome.errors().get(0);
    }
}
