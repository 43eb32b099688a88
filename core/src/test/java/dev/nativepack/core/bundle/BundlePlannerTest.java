package dev.nativepack.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nativepack.core.audit.Rule;
import dev.nativepack.core.target.SymbolVersions;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.core.target.TargetLibrary;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into a bundle, decided against real targets for real programs. */
class BundlePlannerTest {
    @TempDir
    Path dir;

    private static Target target(String id) throws Exception {
        return TargetCatalog.builtIn().find(id);
    }

    @Test
    void gdalinfoForDebian12BringsExactlyWhatTheTargetLacks() throws Exception {
        Target debian12 = target("azure/debian12/x86_64");

        BundlePlan plan = new BundlePlanner(debian12, Path.of("/"), Set.of())
                .plan(List.of(Path.of("/usr/bin/gdalinfo")), Layout.FUNCTION, List.of());

        // GDAL reads data at run time: the program goes to bin/, and a generated bootstrap sets GDAL_DATA and runs it.
        assertThat(plan.files().get(0)).satisfies(f -> {
            assertThat(f.path()).isEqualTo("bin/gdalinfo");
            assertThat(f.rpath()).isEqualTo("$ORIGIN/../lib");
        });
        assertThat(plan.generated()).extracting(GeneratedFile::path)
                .contains("bootstrap", "nativepack.env", "nativepack-environment.json");
        assertThat(plan.data().environment()).containsEntry("GDAL_DATA", "/home/site/wwwroot/share/gdal");
        assertThat(plan.files()).filteredOn(f -> f.role() == BundleFile.Role.DATA).extracting(BundleFile::path)
                .contains("share/proj/proj.db", "share/gdal/gdalvrt.xsd").doesNotContain("share/proj/CHENYX06.gsb");
        List<String> libs = plan.files().stream().filter(f -> f.role() == BundleFile.Role.LIBRARY)
                .map(BundleFile::path).toList();
        assertThat(libs).contains("lib/libgdal.so.32", "lib/libproj.so.25").doesNotContain("lib/libc.so.6",
                "lib/libstdc++.so.6", "lib/libz.so.1");
        // Every library of the closure is either the target's or bundled, never both, never twice.
        for (String lib : libs) {
            String name = lib.substring(4);
            assertThat(debian12.libraries()).noneMatch(l -> l.name().equals(name));
        }
        assertThat(libs).doesNotHaveDuplicates();
        assertThat(plan.files()).filteredOn(f -> f.role() == BundleFile.Role.LIBRARY)
                .allSatisfy(f -> assertThat(f.rpath()).isEqualTo("$ORIGIN"));
    }

    @Test
    void aGlibcTooNewCannotBeFixedByBundlingAndIsRefused() throws Exception {
        Path prog = Toolchain.NATIVE.compile(dir.resolve("rng"),
                "#include <stdlib.h>\nint main(void) { return (int) (arc4random() % 2); }\n");

        assertThatThrownBy(() -> new BundlePlanner(target("aws-lambda/provided.al2023/x86_64"), Path.of("/"), Set.of())
                .plan(List.of(prog), Layout.FUNCTION, List.of()))
                .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.findings())
                        .anySatisfy(f -> {
                            assertThat(f.rule()).isEqualTo(Rule.SYMBOL_VERSION);
                            assertThat(f.evidence()).contains("symbol arc4random@GLIBC_2.36");
                        }));
        // Allowed, the bundle is planned anyway.
        BundlePlan allowed = new BundlePlanner(target("aws-lambda/provided.al2023/x86_64"), Path.of("/"),
                Set.of("symbol-version")).plan(List.of(prog), Layout.FUNCTION, List.of());
        assertThat(allowed.warnings()).anyMatch(f -> f.rule() == Rule.SYMBOL_VERSION);
    }

    @Test
    void anOlderLibstdcxxOnTheTargetIsReplacedByARenamedCopy() throws Exception {
        Path src = dir.resolve("hello.cc");
        Files.writeString(src, "#include <string>\n#include <iostream>\n"
                + "int main(int argc, char **argv) { std::string s(argv[0]); std::cout << s.size() << std::endl; }\n");
        Path prog = dir.resolve("hello");
        Toolchain.run(dir, Map.of(), "g++", "-O1", "-o", prog.toString(), src.toString());
        // Debian 12 as the target, but with a libstdc++ that stops at GLIBCXX_3.4.19.
        Target old = olderLibstdcxx(target("azure/debian12/x86_64"), "3.4.19");

        BundlePlan plan = new BundlePlanner(old, Path.of("/"), Set.of()).plan(List.of(prog), Layout.HELPER, List.of());

        assertThat(plan.renames()).containsKey("libstdc++.so.6");
        String renamed = plan.renames().get("libstdc++.so.6");
        assertThat(renamed).matches("libstdc\\+\\+-[0-9a-f]{8}\\.so\\.6");
        assertThat(plan.files()).extracting(BundleFile::path).contains("bin/hello", "lib/" + renamed);
        assertThat(plan.files().get(0).rpath()).isEqualTo("$ORIGIN/../lib");
    }

    private static Target olderLibstdcxx(Target t, String max) {
        List<TargetLibrary> libs = new ArrayList<>();
        for (TargetLibrary l : t.libraries()) {
            List<String> versions = l.versions();
            if (versions != null && l.name().equals("libstdc++.so.6")) {
                versions = versions.stream().filter(v -> !"GLIBCXX".equals(SymbolVersions.family(v))
                        || SymbolVersions.compareNumbers(SymbolVersions.number(v), max) <= 0).toList();
            }
            libs.add(new TargetLibrary(l.name(), l.directory(), l.soname(), versions, l.confidence(), l.needed()));
        }
        Map<String, String> ceilings = new HashMap<>(t.ceilings());
        ceilings.put("GLIBCXX", max);
        return new Target(t.id(), t.description(), t.provenance(), t.architecture(), t.libc(), ceilings, t.loader(),
                t.layout(), t.limits(), libs);
    }
}
