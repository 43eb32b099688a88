package dev.nativepack.cli;

import dev.nativepack.core.resolve.LoaderProfile;
import dev.nativepack.core.resolve.ProfileDetector;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;

/** The loader profile for a resolution: what the root's loader does, with the user's LD_LIBRARY_PATH. */
final class TargetProfile {
    private TargetProfile() {
    }

    static LoaderProfile of(Path root, ElfFile main, String ldLibraryPath) throws IOException {
        LoaderProfile detected = ProfileDetector.detect(root, main);
        return ldLibraryPath == null ? detected : detected.toBuilder().ldLibraryPath(ldLibraryPath).build();
    }
}
