package dev.nativepack.elf;

import java.util.List;

/** One Verneed entry: the library (vn_file, a DT_NEEDED name) and the versions required from it. */
public record VersionNeed(String library, List<RequiredVersion> versions) {
}
