package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.TargetCatalog;
import org.junit.jupiter.api.Test;

class PythonAbiTest {
    private final TargetCatalog catalog = TargetCatalog.builtIn();

    @Test
    void thePythonVersionComesFromTheRuntimeInTheTargetId() throws Exception {
        assertThat(PythonAbi.targetVersion(catalog.find("python3.12"))).isEqualTo("3.12");
        assertThat(PythonAbi.targetVersion(catalog.find("aws-lambda/python3.13/arm64"))).isEqualTo("3.13");
        assertThat(PythonAbi.targetVersion(catalog.find("provided.al2023"))).isNull();
        assertThat(PythonAbi.targetVersion(catalog.find("nodejs20.x"))).isNull();
    }

    @Test
    void moduleTagsAsCpythonNamesThem() {
        assertThat(PythonAbi.moduleVersion("_gdal.cpython-311-x86_64-linux-gnu.so")).isEqualTo("3.11");
        assertThat(PythonAbi.moduleVersion("_sqlite3.cpython-312-aarch64-linux-gnu.so")).isEqualTo("3.12");
        assertThat(PythonAbi.moduleVersion("_ssl.cpython-313t-x86_64-linux-gnu.so")).isEqualTo("3.13");
        assertThat(PythonAbi.moduleVersion("_native.abi3.so")).isNull();
        assertThat(PythonAbi.moduleVersion("_native.so")).isNull();
        assertThat(PythonAbi.moduleVersion("libcpython-311-helper.so.1")).isNull();
    }

    @Test
    void onlyAModuleForAnotherVersionIsAFinding() throws Exception {
        assertThat(PythonAbi.check(catalog.find("python3.12"), "f", "osgeo/_gdal.cpython-311-x86_64-linux-gnu.so"))
                .satisfies(f -> {
                    assertThat(f.rule()).isEqualTo(Rule.PYTHON_ABI);
                    assertThat(f.message()).contains("No module named '_gdal'");
                    assertThat(f.fix()).contains("--python-version 3.12");
                });
        assertThat(PythonAbi.check(catalog.find("python3.11"), "f", "osgeo/_gdal.cpython-311-x86_64-linux-gnu.so")).isNull();
        assertThat(PythonAbi.check(catalog.find("provided.al2023"), "f", "_gdal.cpython-311-x86_64-linux-gnu.so")).isNull();
    }
}
