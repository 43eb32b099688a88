package dev.nativepack.core.packages;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build roots with a real rpm database: packages made by rpmbuild from a library gcc compiles here,
 * installed with rpm --root. The source rpm demo makes libdemo (the library, requiring the two data
 * packages below), libdemo-data (noarch, /usr/share/demo, one file with a quote, spaces and a
 * non-ASCII letter in its name) and demo-tools (/usr/share/demo-tools, which nothing requires); the
 * source rpm fonts makes shared-fonts (data libdemo requires, of another source) and other.
 */
public final class RpmRoots {
    /** Where the database is kept inside a root; Debian's rpm would otherwise look in ~/.rpmdb. */
    public static final String DB_PATH = "/var/lib/rpm";
    public static final String LIBRARY = "usr/lib64/libdemo.so.1";
    public static final String ODD_NAME = "/usr/share/demo/odd 'name\" with spaces \u00fc.dat";

    private static final String DEMO_SPEC = """
            Name: demo
            Version: 1.0
            Release: 1
            Summary: a library and its data
            License: MIT
            %define debug_package %{nil}
            %define __os_install_post %{nil}
            %description
            demo
            %package -n libdemo
            Summary: the library
            Requires: libdemo-data = %{version}-%{release}
            Requires: shared-fonts
            %description -n libdemo
            lib
            %package -n libdemo-data
            Summary: its data
            BuildArch: noarch
            %description -n libdemo-data
            data
            %package -n demo-tools
            Summary: not required by the library
            %description -n demo-tools
            tools
            %install
            mkdir -p %{buildroot}/usr/lib64 %{buildroot}/usr/share/demo %{buildroot}/usr/share/demo-tools
            cp %{_sourcedir}/libdemo.so.1 %{buildroot}/usr/lib64/
            printf 'table' > %{buildroot}/usr/share/demo/table.dat
            printf 'odd' > "%{buildroot}/usr/share/demo/odd 'name\\" with spaces \u00fc.dat"
            printf 'tool' > %{buildroot}/usr/share/demo-tools/tool.dat
            %files -n libdemo
            /usr/lib64/libdemo.so.1
            %files -n libdemo-data
            /usr/share/demo
            %files -n demo-tools
            /usr/share/demo-tools
            """;

    private static final String FONTS_SPEC = """
            Name: fonts
            Version: 2.0
            Release: 3
            Summary: data of another source
            License: MIT
            BuildArch: noarch
            %description
            fonts
            %package -n shared-fonts
            Summary: required by libdemo, built from another source
            %description -n shared-fonts
            fonts
            %package -n other
            Summary: unrelated
            %description -n other
            other
            %install
            mkdir -p %{buildroot}/usr/share/shared-fonts %{buildroot}/usr/share/other
            printf 'font' > %{buildroot}/usr/share/shared-fonts/font.dat
            printf 'other' > %{buildroot}/usr/share/other/other.dat
            %files -n shared-fonts
            /usr/share/shared-fonts
            %files -n other
            /usr/share/other
            """;

    private RpmRoots() {
    }

    /** Builds the packages in {@code work} and returns them, the library's first. */
    public static List<Path> build(Path work) throws IOException {
        Path top = work.toAbsolutePath().resolve("rpmbuild");
        Path sources = Files.createDirectories(top.resolve("SOURCES"));
        Toolchain.NATIVE.sharedLibrary(sources.resolve("libdemo.so.1"), "demo", 42, "-Wl,-soname,libdemo.so.1");
        for (Map.Entry<String, String> spec : Map.of("demo.spec", DEMO_SPEC, "fonts.spec", FONTS_SPEC).entrySet()) {
            Path file = work.resolve(spec.getKey());
            Files.writeString(file, spec.getValue());
            Toolchain.run(work, Map.of(), "rpmbuild", "-bb", "--define", "_topdir " + top, "--define",
                    "_dbpath " + work.toAbsolutePath().resolve("build-db"), file.toString());
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(top.resolve("RPMS"))) {
            files.filter(p -> p.toString().endsWith(".rpm")).sorted().forEach(out::add);
        }
        out.sort((a, b) -> Boolean.compare(!a.getFileName().toString().startsWith("libdemo-1"),
                !b.getFileName().toString().startsWith("libdemo-1")));
        return out;
    }

    /** Installs packages into a root (its database at {@link #DB_PATH}), as rpm does without scripts. */
    public static Path install(Path root, List<Path> packages) throws IOException {
        Files.createDirectories(root);
        List<String> cmd = new ArrayList<>(List.of("rpm", "--root", root.toAbsolutePath().toString(), "--dbpath",
                DB_PATH, "-i", "--nodeps", "--ignorearch", "--ignoreos", "--noscripts"));
        for (Path p : packages) {
            cmd.add(p.toString());
        }
        Toolchain.run(null, Map.of(), cmd.toArray(String[]::new));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n");
        return root;
    }

    /** rpm --root ROOT --dbpath /var/lib/rpm ARGS, for the tests' oracle. */
    public static String rpm(Path root, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("rpm", "--root", root.toAbsolutePath().toString(), "--dbpath",
                DB_PATH));
        cmd.addAll(List.of(args));
        return Toolchain.run(null, Map.of("LC_ALL", "C"), cmd.toArray(String[]::new));
    }

    /**
     * A program that notes each call in {@code log} and runs this machine's rpm: how a test sees
     * whether, and how often, rpm was asked.
     */
    public static Path countingRpm(Path dir, Path log) throws IOException {
        Path script = dir.resolve("counting-rpm");
        Files.writeString(script, "#!/bin/sh\necho call >> '" + log + "'\nexec rpm \"$@\"\n");
        script.toFile().setExecutable(true);
        return script;
    }

    /** How many times {@link #countingRpm} ran. */
    public static int calls(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }
}
