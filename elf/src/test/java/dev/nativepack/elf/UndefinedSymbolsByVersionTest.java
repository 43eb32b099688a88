package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The symbols behind one version requirement, read on their own (the audit's fast path), equal
 * the ones found by reading the whole dynamic symbol table, on real libraries of this machine.
 */
class UndefinedSymbolsByVersionTest {
    @Test
    void theFastPathAgreesWithTheFullSymbolTableOnRealLibraries() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/x86_64-linux-gnu"))) {
            s.filter(p -> p.getFileName().toString().matches("lib[a-z]+\\.so\\.[0-9]+") && Files.isRegularFile(p))
                    .sorted().limit(200).forEach(files::add);
        }
        files.add(Path.of("/usr/bin/gdalinfo"));
        int requirements = 0;
        for (Path file : files) {
            ElfFile fast;
            ElfFile full;
            try {
                fast = ElfFile.open(file);
                full = ElfFile.open(file);
            } catch (MalformedElfException e) {
                continue;
            }
            for (VersionNeed need : full.versionNeeds()) {
                for (RequiredVersion v : need.versions()) {
                    assertThat(fast.undefinedSymbolsWithVersion(v.index())).as("%s %s", file, v.name())
                            .containsExactlyElementsOf(v.symbols());
                    requirements++;
                }
            }
        }
        assertThat(requirements).isGreaterThan(200);
    }
}
