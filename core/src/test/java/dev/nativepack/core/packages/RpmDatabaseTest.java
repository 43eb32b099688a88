package dev.nativepack.core.packages;

import static dev.nativepack.core.packages.RpmRoots.rpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rpm's database as RpmDatabase reads it agrees with rpm itself (rpm -qf, rpm -ql, rpm -q --qf). */
class RpmDatabaseTest {
    @TempDir
    static Path work;
    private static List<Path> packages;
    private static Path root;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildAndInstall() throws IOException {
        packages = RpmRoots.build(work);
        root = RpmRoots.install(work.resolve("root"), packages);
    }

    @Test
    void theOwnerOfALibraryIsThePackageRpmQueryFileNames() throws Exception {
        Path library = root.resolve(RpmRoots.LIBRARY).toRealPath();
        Path unowned = Files.writeString(root.resolve("usr/share/unowned.txt"), "x").toRealPath();
        RpmDatabase db = RpmDatabase.of(root);

        Map<Path, PackageDatabase.Owner> owners = db.owners(List.of(library, unowned));

        String nvra = rpm(root, "-qf", "--qf", "%{NVRA}", "/" + RpmRoots.LIBRARY);
        String arch = rpm(root, "-q", "--qf", "%{ARCH}", nvra);
        assertThat(db.exists()).isTrue();
        assertThat(owners).containsOnlyKeys(library);
        assertThat(owners.get(library)).isEqualTo(new PackageDatabase.Owner("libdemo", "1.0-1", nvra,
                "pkg:rpm/fedora/libdemo@1.0-1?arch=" + arch));
    }

    @Test
    void filesSourceAndDependenciesAreRpmsOwn() throws Exception {
        RpmDatabase db = RpmDatabase.of(root);
        String library = rpm(root, "-qf", "--qf", "%{NVRA}", "/" + RpmRoots.LIBRARY);
        String data = rpm(root, "-q", "--qf", "%{NVRA}", "libdemo-data");
        String fonts = rpm(root, "-q", "--qf", "%{NVRA}", "shared-fonts");

        // rpm forbids newlines in file names, so rpm -ql's lines are the files.
        assertThat(db.files(data)).containsExactlyElementsOf(lines(rpm(root, "-ql", "libdemo-data")))
                .contains(RpmRoots.ODD_NAME);
        assertThat(db.source(library)).isEqualTo(rpm(root, "-q", "--qf", "%{SOURCERPM}", "libdemo"))
                .isEqualTo(db.source(data)).isNotEqualTo(db.source(fonts));
        // What libdemo requires, resolved to packages; rtld(GNU_HASH) and rpmlib() are no package's.
        assertThat(db.dependencies(library)).containsExactlyInAnyOrder(data, fonts);
        assertThat(db.packageName(data)).isEqualTo("libdemo-data");
        assertThat(db.files("no-such-package")).isEmpty();
        assertThat(db.source("no-such-package")).isNull();
    }

    @Test
    void aRootWithoutAnRpmDatabaseOrWithoutRpmHasNone() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        // Debian's rpm package leaves an empty /var/lib/rpm on the host: no database.
        Path debianLike = Files.createDirectories(dir.resolve("debian/var/lib/rpm")).getParent().getParent()
                .getParent();

        assertThat(RpmDatabase.of(empty).exists()).isFalse();
        assertThat(RpmDatabase.of(debianLike).exists()).isFalse();
        assertThat(RpmDatabase.of(debianLike).state()).isNull();
        assertThat(RpmDatabase.of(root, dir.resolve("no-rpm-here")).exists()).isFalse();
        assertThat(RpmDatabase.of(root, dir.resolve("no-rpm-here")).owners(List.of(
                root.resolve(RpmRoots.LIBRARY).toRealPath()))).isEmpty();
        assertThat(PackageDatabase.of(debianLike)).isInstanceOf(DpkgDatabase.class);
        assertThat(PackageDatabase.of(root)).isInstanceOf(RpmDatabase.class);
        assertThat(PackageDatabase.of(Path.of("/"))).isInstanceOf(DpkgDatabase.class);
    }

    @Test
    void aDamagedDatabaseIsAFailureNotAnEmptyAnswer() throws Exception {
        Path damaged = RpmRoots.install(dir.resolve("damaged"), packages.subList(0, 1));
        Path sqlite = damaged.resolve("var/lib/rpm/rpmdb.sqlite");
        byte[] bytes = Files.readAllBytes(sqlite);
        Arrays.fill(bytes, 16, bytes.length, (byte) 0x5a);
        Files.write(sqlite, bytes);

        RpmDatabase db = RpmDatabase.of(damaged);

        assertThat(db.exists()).isTrue();
        assertThatThrownBy(() -> db.owners(List.of(damaged.resolve(RpmRoots.LIBRARY).toRealPath())))
                .isInstanceOf(IOException.class).hasMessageContaining("rpm failed");
    }

    @Test
    void theStateIsTheSameAfterQueriesAndChangesWithAnInstall() throws Exception {
        Path changing = RpmRoots.install(dir.resolve("changing"), packages.subList(0, 1));
        RpmDatabase db = RpmDatabase.of(changing);
        String before = db.state();

        db.owners(List.of(changing.resolve(RpmRoots.LIBRARY).toRealPath()));
        rpm(changing, "-qa");
        assertThat(RpmDatabase.of(changing).state()).isEqualTo(before);

        RpmRoots.install(changing, packages.subList(1, 2));
        assertThat(RpmDatabase.of(changing).state()).isNotEqualTo(before);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).toList();
    }
}
