package dev.nativepack.core.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the dynamic loader of a target searches for libraries: its built-in system directories,
 * the values of $LIB and $PLATFORM, the glibc-hwcaps subdirectories active on the target CPU, the
 * legacy hwcaps subdirectories (glibc before 2.37), LD_LIBRARY_PATH as the runtime sets it, and
 * the ld.so.cache it reads. Immutable; build one with {@link #builder()} or {@link ProfileDetector}.
 */
public final class LoaderProfile {
    private final String name;
    private final List<String> systemDirs;
    private final String dstLib;
    private final String dstPlatform;
    private final List<String> hwcapsSubdirs;
    private final List<String> legacyHwcapsSubdirs;
    private final String ldLibraryPath;
    private final List<String> preload;
    private final String cacheFile;
    private final String interpreter;
    private final String glibcVersion;
    private final boolean secure;

    private LoaderProfile(Builder b) {
        this.name = b.name;
        this.systemDirs = List.copyOf(b.systemDirs);
        this.dstLib = Objects.requireNonNull(b.dstLib, "dstLib");
        this.dstPlatform = Objects.requireNonNull(b.dstPlatform, "dstPlatform");
        this.hwcapsSubdirs = List.copyOf(b.hwcapsSubdirs);
        this.legacyHwcapsSubdirs = List.copyOf(b.legacyHwcapsSubdirs);
        this.ldLibraryPath = b.ldLibraryPath;
        this.preload = List.copyOf(b.preload);
        this.cacheFile = b.cacheFile;
        this.interpreter = b.interpreter;
        this.glibcVersion = b.glibcVersion;
        this.secure = b.secure;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.systemDirs = new ArrayList<>(systemDirs);
        b.dstLib = dstLib;
        b.dstPlatform = dstPlatform;
        b.hwcapsSubdirs = new ArrayList<>(hwcapsSubdirs);
        b.legacyHwcapsSubdirs = new ArrayList<>(legacyHwcapsSubdirs);
        b.ldLibraryPath = ldLibraryPath;
        b.preload = new ArrayList<>(preload);
        b.cacheFile = cacheFile;
        b.interpreter = interpreter;
        b.glibcVersion = glibcVersion;
        b.secure = secure;
        return b;
    }

    /** A short description, e.g. "multiarch x86_64-linux-gnu, glibc 2.36". */
    public String name() {
        return name;
    }

    /** The loader's default directories, searched last (e.g. /lib64, /usr/lib64). */
    public List<String> systemDirs() {
        return systemDirs;
    }

    /** The expansion of $LIB (lib64, or lib/x86_64-linux-gnu on multiarch systems). */
    public String dstLib() {
        return dstLib;
    }

    /** The expansion of $PLATFORM (x86_64, haswell, aarch64). */
    public String dstPlatform() {
        return dstPlatform;
    }

    /** glibc-hwcaps subdirectory names tried in every search directory, best first (glibc 2.33+). */
    public List<String> hwcapsSubdirs() {
        return hwcapsSubdirs;
    }

    /** Legacy hwcaps subdirectories (tls, platform, hwcap names), best first; empty from glibc 2.37. */
    public List<String> legacyHwcapsSubdirs() {
        return legacyHwcapsSubdirs;
    }

    /** LD_LIBRARY_PATH exactly as set on the target, or null. */
    public String ldLibraryPath() {
        return ldLibraryPath;
    }

    /** LD_PRELOAD entries, loaded after the main program and before its dependencies. */
    public List<String> preload() {
        return preload;
    }

    /** The target path of ld.so.cache, or null when the loader reads none. */
    public String cacheFile() {
        return cacheFile;
    }

    /** The loader's own path (PT_INTERP); its SONAME is in the namespace before any search. */
    public String interpreter() {
        return interpreter;
    }

    /** The glibc version, e.g. "2.34", or null when unknown. */
    public String glibcVersion() {
        return glibcVersion;
    }

    /** AT_SECURE (setuid) mode: LD_LIBRARY_PATH ignored. */
    public boolean secure() {
        return secure;
    }

    /** glibc 2.37 dropped legacy hwcaps, so cache entries carrying legacy hwcap bits are ignored. */
    public boolean legacyHwcapCacheEntriesUsable() {
        return glibcVersion == null || GlibcVersion.compare(glibcVersion, "2.37") < 0;
    }

    @Override
    public String toString() {
        return name == null ? "loader profile" : name;
    }

    /** Builder for {@link LoaderProfile}. */
    public static final class Builder {
        private String name;
        private List<String> systemDirs = new ArrayList<>();
        private String dstLib = "lib64";
        private String dstPlatform = "x86_64";
        private List<String> hwcapsSubdirs = new ArrayList<>();
        private List<String> legacyHwcapsSubdirs = new ArrayList<>();
        private String ldLibraryPath;
        private List<String> preload = new ArrayList<>();
        private String cacheFile;
        private String interpreter;
        private String glibcVersion;
        private boolean secure;

        public Builder name(String v) { name = v; return this; }
        public Builder systemDirs(List<String> v) { systemDirs = new ArrayList<>(v); return this; }
        public Builder dstLib(String v) { dstLib = v; return this; }
        public Builder dstPlatform(String v) { dstPlatform = v; return this; }
        public Builder hwcapsSubdirs(List<String> v) { hwcapsSubdirs = new ArrayList<>(v); return this; }
        public Builder legacyHwcapsSubdirs(List<String> v) { legacyHwcapsSubdirs = new ArrayList<>(v); return this; }
        public Builder ldLibraryPath(String v) { ldLibraryPath = v; return this; }
        public Builder preload(List<String> v) { preload = new ArrayList<>(v); return this; }
        public Builder cacheFile(String v) { cacheFile = v; return this; }
        public Builder interpreter(String v) { interpreter = v; return this; }
        public Builder glibcVersion(String v) { glibcVersion = v; return this; }
        public Builder secure(boolean v) { secure = v; return this; }

        public LoaderProfile build() {
            return new LoaderProfile(this);
        }
    }
}
