package dev.nativepack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nativepack.core.archive.SafeUnzip;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python layout: a site-packages tree under python/ of a layer, its extension modules' closure in lib/. */
class PythonLayerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3.11";

    @TempDir
    Path dir;

    @Test
    void anExtensionModuleUsingLibsndfileImportsAndWritesAWavFromTheLayerInTheSandbox() throws Exception {
        Path site = dir.resolve("site-packages");
        Path pkg = Files.createDirectories(site.resolve("wavtool"));
        Files.writeString(pkg.resolve("__init__.py"), "from ._native import tone\n");
        // The stable ABI, so the module is named for every CPython 3 (abi3), as wheels built for several versions are.
        String module = "#define Py_LIMITED_API 0x030B0000\n#include <Python.h>\n#include <sndfile.h>\n#include <math.h>\n"
                + "static PyObject *tone(PyObject *self, PyObject *args) {\n"
                + "  const char *path; if (!PyArg_ParseTuple(args, \"s\", &path)) return NULL;\n"
                + "  SF_INFO info = {0}; info.samplerate = 8000; info.channels = 1;\n"
                + "  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;\n"
                + "  SNDFILE *out = sf_open(path, SFM_WRITE, &info);\n"
                + "  if (!out) { PyErr_SetString(PyExc_OSError, sf_strerror(NULL)); return NULL; }\n"
                + "  short s[4000]; for (int i = 0; i < 4000; i++) s[i] = (short) (8000 * sin(i * 0.2));\n"
                + "  sf_write_short(out, s, 4000); sf_close(out);\n"
                + "  SF_INFO back = {0}; SNDFILE *in = sf_open(path, SFM_READ, &back);\n"
                + "  if (!in) { PyErr_SetString(PyExc_OSError, sf_strerror(NULL)); return NULL; }\n"
                + "  long long frames = back.frames; sf_close(in);\n"
                + "  return PyLong_FromLongLong(frames); }\n"
                + "static PyMethodDef methods[] = {{\"tone\", tone, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};\n"
                + "static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"_native\", NULL, -1, methods};\n"
                + "PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&def); }\n";
        Toolchain.NATIVE.compile(pkg.resolve("_native.abi3.so"), module, "-shared", "-fPIC", "-I/usr/include/python3.11",
                "-lsndfile", "-lm");
        Path layer = dir.resolve("layer.zip");

        CliRun bundled = CliRun.of("bundle", site.toString(), "--target", "python3.12", "--layout", "python",
                "-o", layer.toString());
        // The runtime's Python stands in as a second layer: this machine's python3.11 with its own closure (it
        // needs a newer glibc than Lambda's, which the sandbox, built from this machine's libraries, does not mind).
        Path runtime = dir.resolve("python-runtime.zip");
        CliRun python = CliRun.of("bundle", PYTHON, "--target", "python3.12", "--layout", "layer", "-o", runtime.toString(),
                "--allow", "symbol-version");
        assertThat(python.exitCode()).as(python.err()).isZero();

        assertThat(bundled.exitCode()).as(bundled.err() + bundled.out()).isZero();
        List<String> names;
        try (ZipFile z = new ZipFile(layer.toFile())) {
            names = z.stream().map(java.util.zip.ZipEntry::getName).toList();
            JsonNode manifest = JSON.readTree(z.getInputStream(z.getEntry("nativepack.json")));
            assertThat(manifest.path("layout").asText()).isEqualTo("python");
        }
        assertThat(names).contains("python/wavtool/__init__.py", "python/wavtool/_native.abi3.so", "lib/libsndfile.so.1")
                .doesNotContain("lib/libc.so.6", "lib/libm.so.6", "lib/libpython3.11.so.1.0");
        Path unpacked = dir.resolve("opt");
        new SafeUnzip().unzip(layer, unpacked);
        assertThat(Toolchain.run(dir, Map.of(), "readelf", "-dW", unpacked.resolve("python/wavtool/_native.abi3.so").toString()))
                .contains("Library rpath: [$ORIGIN/../../lib]");
        assertThat(Toolchain.run(dir, Map.of(), "python3", "-c",
                "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print([i.filename for i in z.infolist() if (i.external_attr>>16)&0o170000==0o120000])",
                layer.toString())).contains("[]");

        // The function is empty; the layer is at /opt, Python's standard library bound where Debian's python looks.
        Path function = Files.createDirectories(dir.resolve("function"));
        Files.writeString(function.resolve("handler.py"), "");
        String script = "import sys; sys.path.insert(0, '/opt/python'); import wavtool; "
                + "print('frames', wavtool.tone('/tmp/t.wav')); print('from', wavtool._native.__file__)";
        CliRun run = CliRun.of("verify", function.toString(), "--target", "python3.12", "--layer", runtime.toString(),
                "--layer", layer.toString(), "--bind", "/usr/lib/python3.11", "--entry", "/opt/bin/python3.11", "--", "-c", script);
        // The same layer without the bundled libsndfile: the import fails as it would on Lambda.
        Path bare = dir.resolve("bare-layer");
        Toolchain.run(dir, Map.of(), "cp", "-r", unpacked.toString(), bare.toString());
        Files.delete(bare.resolve("lib/libsndfile.so.1"));
        CliRun without = CliRun.of("verify", function.toString(), "--target", "python3.12", "--layer", runtime.toString(),
                "--layer", bare.toString(), "--bind", "/usr/lib/python3.11", "--entry", "/opt/bin/python3.11", "--", "-c", script);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("frames 4000").contains("from /opt/python/wavtool/_native.abi3.so");
        assertThat(without.exitCode()).isNotZero();
        assertThat(without.out()).contains("libsndfile.so.1: cannot open shared object file");

        // Without running Python: the target's loader loads every ELF file of the function and the layers.
        CliRun loads = CliRun.of("verify", function.toString(), "--target", "python3.12", "--layer", runtime.toString(),
                "--layer", layer.toString(), "--loads");
        CliRun loadsBare = CliRun.of("verify", function.toString(), "--target", "python3.12", "--layer",
                runtime.toString(), "--layer", bare.toString(), "--loads");
        assertThat(loads.exitCode()).as(loads.out()).isZero();
        assertThat(loads.out()).containsPattern("PASS all \\d+ ELF files load on aws-lambda/python3.12/x86_64");
        assertThat(loadsBare.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(loadsBare.out()).contains("FAIL /opt/python/wavtool/_native.abi3.so on aws-lambda/python3.12/x86_64: "
                + "error while loading shared libraries: libsndfile.so.1: cannot open shared object file")
                .contains("FAIL 1 of ");
    }

    @Test
    void debiansGdalBindingsAreRefusedForLambdaWithTheGlibcCulpritsAndLaidOutWhenAllowed() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site-packages"));
        Path osgeo = Path.of("/usr/lib/python3/dist-packages/osgeo");
        Toolchain.run(dir, Map.of(), "cp", "-r", osgeo.toString(), site.toString());
        Path layer = dir.resolve("gdal-layer.zip");

        CliRun refused = CliRun.of("bundle", site.toString(), "--target", "python3.12", "--layout", "python",
                "-o", layer.toString());

        // Debian 12's GDAL needs glibc 2.35 (libm) where Lambda's AL2023 runtimes have 2.34.
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(refused.err()).contains("libgdal.so.32 needs GLIBC_2.35 from libm.so.6");
        // And Debian's bindings are for CPython 3.11: Python 3.12 would not even import them.
        assertThat(refused.err()).contains("python-abi: ").contains("_gdal.cpython-311-x86_64-linux-gnu.so is built for "
                + "CPython 3.11; aws-lambda/python3.12/x86_64 runs Python 3.12");
        assertThat(layer).doesNotExist();

        CliRun allowed = CliRun.of("bundle", site.toString(), "--target", "python3.12", "--layout", "python",
                "-o", layer.toString(), "--allow", "symbol-version", "--allow", "size-limit", "--allow", "python-abi");
        assertThat(allowed.err()).doesNotContain("Exception");
        try (ZipFile z = new ZipFile(layer.toFile())) {
            List<String> names = z.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("python/osgeo/__init__.py", "python/osgeo/_gdal.cpython-311-x86_64-linux-gnu.so",
                    "lib/libgdal.so.32", "lib/libproj.so.25").noneMatch(n -> n.startsWith("lib/libpython"));
            // Every Python file of the package is there, byte for byte.
            try (var files = Files.walk(site)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
                    String entry = "python/" + site.relativize(f);
                    assertThat(z.getInputStream(z.getEntry(entry)).readAllBytes()).as(entry).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
    }
}
