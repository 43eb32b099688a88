package dev.nativepack.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Shared by the archive tests: digests, outside readers (Python's zipfile, zipinfo) and child JVMs. */
final class ArchiveTesting {
    private ArchiveTesting() {
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Bytes that deflate well but not trivially: words from a small vocabulary, seeded. */
    static byte[] compressible(long seed, int size) {
        String[] words = {"ELF", "GLIBC_2.17", "libfoo", "section", ".dynsym", "\0\0\0\0", "relocation", "0x7f45",
            "symbol", "version", "needed", "\n", "  ", "runpath", "$ORIGIN/lib"};
        Random r = new Random(seed);
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            byte[] w = words[r.nextInt(words.length)].getBytes(StandardCharsets.UTF_8);
            int n = Math.min(w.length, size - i);
            System.arraycopy(w, 0, out, i, n);
            i += n;
            if (i < size && r.nextInt(8) == 0) {
                out[i++] = (byte) r.nextInt(256);
            }
        }
        return out;
    }

    static byte[] random(long seed, int size) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static final String PYTHON_READER = """
            import sys, zipfile, hashlib, json, struct
            path = sys.argv[1]
            raw = open(path, 'rb').read()
            out = []
            with zipfile.ZipFile(path) as z:
                for i in z.infolist():
                    off = i.header_offset
                    sig, = struct.unpack('<I', raw[off:off + 4])
                    ltime, ldate = struct.unpack('<HH', raw[off + 10:off + 14])
                    nlen, elen = struct.unpack('<HH', raw[off + 26:off + 30])
                    data = z.read(i)
                    out.append({'name': i.filename, 'system': i.create_system, 'mode': i.external_attr >> 16,
                                'dosAttributes': i.external_attr & 0xFFFF, 'date': list(i.date_time),
                                'extra': i.extra.hex(), 'localExtra': elen, 'localSignature': sig,
                                'localTime': ltime, 'localDate': ldate, 'method': i.compress_type,
                                'size': i.file_size, 'compressedSize': i.compress_size,
                                'sha256': hashlib.sha256(data).hexdigest(), 'content': data.decode('latin-1') if len(data) < 200 else ''})
            print(json.dumps(out))
            """;

    /** Every entry as Python's zipfile reads it (it checks each CRC), by name. */
    static List<JsonNode> python(Path zip) throws Exception {
        Path script = Files.createTempFile("nativepack-zipread-", ".py");
        try {
            Files.writeString(script, PYTHON_READER);
            Run run = run(List.of("python3", script.toString(), zip.toString()), Map.of(), 60);
            assertThat(run.exit()).as("python3 reading %s: %s", zip, run.stderr()).isZero();
            List<JsonNode> entries = new ArrayList<>();
            new ObjectMapper().readTree(run.stdout()).forEach(entries::add);
            return entries;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** {@code unzip -Z -T}: one line per entry (mode, version, system, size, ..., yyyymmdd.hhmmss, name). */
    static List<String> zipinfo(Path zip) throws Exception {
        Run run = run(List.of("unzip", "-Z", "-T", zip.toString()), Map.of(), 60);
        assertThat(run.exit()).as("unzip -Z: %s", run.stderr()).isZero();
        return run.stdout().lines().filter(l -> l.matches("^[-dl][-rwxsStT]{9} .*")).toList();
    }

    /** {@code unzip -t}: Info-ZIP tests every entry's CRC. */
    static String unzipTest(Path zip) throws Exception {
        Run run = run(List.of("unzip", "-t", zip.toString()), Map.of(), 120);
        assertThat(run.exit()).as("unzip -t: %s %s", run.stdout(), run.stderr()).isZero();
        return run.stdout();
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run run(List<String> command, Map<String, String> environment, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        Path out = Files.createTempFile("nativepack-run-", ".out");
        Path err = Files.createTempFile("nativepack-run-", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError("this test runs " + command.get(0) + ", which is not installed (on Debian:"
                        + " apt-get install " + (command.get(0).equals("python3") ? "python3" : command.get(0)) + ")", e);
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A JVM running {@link WriteArchiveMain} on this test's class path. */
    static ProcessBuilder childJvm(List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), WriteArchiveMain.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("SOURCE_DATE_EPOCH");
        pb.environment().putAll(environment);
        return pb;
    }

    /** Writes entries in the child's spec format (see {@link WriteArchiveMain}). */
    static Path spec(Path file, List<ArchiveEntry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        for (ArchiveEntry e : entries) {
            lines.add(switch (e.kind()) {
                case DIRECTORY -> "dir\t" + e.path();
                case SYMBOLIC_LINK -> "link\t" + e.path() + "\t" + e.linkTarget();
                default -> {
                    String kind = e.kind() == ArchiveEntry.Kind.EXECUTABLE ? "exec" : "file";
                    if (e.sourceFile() != null) {
                        yield kind + "\t" + e.path() + "\t" + e.sourceFile().toAbsolutePath();
                    }
                    yield kind + "-hex\t" + e.path() + "\t" + HexFormat.of().formatHex(e.content());
                }
            });
        }
        return Files.write(file, lines);
    }
}
