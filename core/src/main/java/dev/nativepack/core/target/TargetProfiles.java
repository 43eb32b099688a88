package dev.nativepack.core.target;

import dev.nativepack.core.resolve.LoaderProfile;
import java.util.List;

/** The loader profile of a target, for resolving as its ld.so would. */
public final class TargetProfiles {
    private TargetProfiles() {
    }

    public static LoaderProfile of(Target target) {
        Target.Loader l = target.loader();
        return LoaderProfile.builder()
                .name(target.id())
                .systemDirs(l.systemDirs())
                .dstLib(l.lib())
                .dstPlatform(l.platform())
                .hwcapsSubdirs(List.of())
                .legacyHwcapsSubdirs(List.of())
                .ldLibraryPath(l.ldLibraryPath().isEmpty() ? null : l.ldLibraryPath())
                .interpreter(l.interpreter())
                .glibcVersion("glibc".equals(target.libc().family()) ? target.libc().version() : null)
                .build();
    }
}
