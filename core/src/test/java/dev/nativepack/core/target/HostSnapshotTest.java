package dev.nativepack.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.testing.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of this machine's own / (Debian 12 on CI), checked against what its tools say:
 * ldd for the glibc version, readelf for versions and the interpreter, ldconfig for the libraries
 * the loader's cache knows, and the shell for os-release.
 */
class HostSnapshotTest {
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Pattern NUMBERED_GLIBC = Pattern.compile("GLIBC_(\\d+(\\.\\d+)+)");
    private static final Pattern CACHE_LINE = Pattern.compile("^\\t(\\S+) \\(([^)]*)\\) => (\\S+)$");

    static Target target;

    @BeforeAll
    static void capture() throws Exception {
        target = TargetSnapshot.capture(Path.of("/"), SnapshotOptions.builder("test/host").build());
    }

    @Test
    void testCaptureHost_libcVersionIsWhatLddSays() throws IOException {
        String first = Toolchain.run(null, Map.of("LC_ALL", "C"), "ldd", "--version").lines().findFirst().orElseThrow();
        String version = first.substring(first.lastIndexOf(' ') + 1);

        assertThat(version).matches("2\\.\\d+");
        assertThat(target.libc()).isEqualTo(new Target.Libc("glibc", version));
        assertThat(target.architecture()).isEqualTo("x86_64");
    }

    @Test
    void testCaptureHost_glibcCeilingIsTheNewestNodeReadelfShows() throws IOException {
        List<String> defined = Readelf.definedVersions(LIBC);
        String newest = null;
        for (String name : defined) {
            Matcher m = NUMBERED_GLIBC.matcher(name);
            if (m.matches() && (newest == null || newerThan(m.group(1), newest))) {
                newest = m.group(1);
            }
        }

        assertThat(target.ceilings()).containsEntry("GLIBC", newest);
        TargetLibrary libc = target.libraries().stream().filter(l -> l.name().equals("libc.so.6")).findFirst()
                .orElseThrow();
        assertThat(libc.directory()).isEqualTo("/lib/x86_64-linux-gnu");
        assertThat(libc.versions()).containsExactlyElementsOf(defined);
    }

    /** Written here rather than taken from the code under test: split on dots and compare numbers. */
    private static boolean newerThan(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return p > q;
            }
        }
        return false;
    }

    @Test
    void testCaptureHost_interpreterIsThatOfTheShell() throws IOException {
        assertThat(target.loader().interpreter()).isEqualTo(Readelf.interpreter(Path.of("/bin/sh").toRealPath()));
    }

    @Test
    void testCaptureHost_everyX8664LibraryInTheLoaderCacheIsCaptured() throws IOException {
        String printed = Toolchain.run(null, Map.of("LC_ALL", "C"), "/sbin/ldconfig", "-p");
        List<Path> cachedFiles = new ArrayList<>();
        for (String line : printed.split("\n")) {
            Matcher m = CACHE_LINE.matcher(line);
            // Only this architecture's entries whose file is still there (the cache may be stale).
            if (m.matches() && m.group(2).equals("libc6,x86-64") && Files.exists(Path.of(m.group(3)))) {
                cachedFiles.add(Path.of(m.group(3)));
            }
        }
        // ldconfig also caches development names (libz.so); the loader asks for SONAMEs, so compare those.
        Set<String> cached = new TreeSet<>();
        Readelf.headersAndDynamic(cachedFiles).forEach((file, facts) -> {
            if (facts.x86_64SharedObject()) {
                cached.add(facts.soname() != null ? facts.soname() : file.getFileName().toString());
            }
        });
        Set<String> captured = new TreeSet<>();
        for (TargetLibrary lib : target.libraries()) {
            captured.add(lib.effectiveSoname());
        }

        assertThat(cached).hasSizeGreaterThan(20).contains("libc.so.6");
        assertThat(captured).containsAll(cached);
    }

    @Test
    void testCaptureHost_descriptionIsPrettyNameAsTheShellReadsIt() throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", ". /etc/os-release && printf %s \"$PRETTY_NAME\""));
        String pretty = Toolchain.run(null, Map.of(), command.toArray(String[]::new));

        assertThat(pretty).isNotEmpty();
        assertThat(target.description()).isEqualTo(pretty);
    }
}
