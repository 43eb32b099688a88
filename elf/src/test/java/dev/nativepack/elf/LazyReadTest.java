package dev.nativepack.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.elf.Fixtures.Fixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts of a file are read when first asked for; what happens when the file changed meanwhile. */
class LazyReadTest {
    @TempDir
    Path dir;

    @Test
    void readAfterTheFileIsGone_failsWithTheFileNamed() throws IOException {
        Path copy = dir.resolve("libgdal-copy.so");
        Files.copy(new Fixtures(dir).path(Fixture.DEBIAN_LIBGDAL), copy, StandardCopyOption.REPLACE_EXISTING);
        ElfFile elf = ElfFile.open(copy);
        assertThat(elf.header().is64()).isTrue();
        Files.delete(copy);

        // The section table sits at the end of the file, far from anything read so far.
        assertThatThrownBy(elf::sections).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(NoSuchFileException.class).hasMessageContaining(copy.toString());
    }

    @Test
    void pagesReadWhileOpen_stayUsableAfterTheFileIsGone() throws IOException {
        Path copy = dir.resolve("libgdal-copy.so");
        Files.copy(new Fixtures(dir).path(Fixture.DEBIAN_LIBGDAL), copy, StandardCopyOption.REPLACE_EXISTING);
        ElfFile elf = ElfFile.open(copy);
        int needed = elf.dynamic().needed().size();
        Files.delete(copy);

        assertThat(elf.dynamic().needed()).hasSize(needed).contains("libc.so.6");
    }
}
