package dev.nativepack.elf.edit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Compiled fixtures, per architecture: a versioned library {@code libdir/libfix.so.1} and programs
 * that use it, built without a search path (so they run only when told where libdir is), with a
 * long DT_RPATH, with a long DT_RUNPATH, and as a non-PIE (ET_EXEC) executable.
 */
final class Programs {
    /** The library's SONAME and the name the programs need. */
    static final String SONAME = "libfix.so.1";
    /** What every program prints. */
    static final String OUTPUT = "fix 3 7\n";
    /** The search path the fixtures are linked with: long, so shorter and equal values fit in place. */
    static final String PLACEHOLDER = "/placeholder/search/path/that/is/long/enough/for/libdir/xxxxxxxx";

    static final String LIBRARY = """
            int f1(void) { return 1; }
            int f2(void) { return 2; }
            int seven(void) { return 7; }
            """;
    static final String VERSION_SCRIPT = """
            VER_1 { global: f1; seven; local: *; };
            VER_2 { global: f2; } VER_1;
            """;
    static final String PROGRAM = """
            #include <stdio.h>
            extern int f1(void); extern int f2(void); extern int seven(void);
            int main(void) { printf("fix %d %d\\n", f1() + f2(), seven()); return 0; }
            """;

    record Build(Arch arch, Path dir, Path libdir, Path library, Path program, Path withRpath, Path withRunpath,
                 Path noPie) {
        /** Copies a fixture's bytes. */
        static byte[] bytes(Path p) throws IOException {
            return Files.readAllBytes(p);
        }
    }

    private final Path root;
    private final Map<Arch, Build> builds = new EnumMap<>(Arch.class);

    Programs(Path root) {
        this.root = root;
    }

    synchronized Build of(Arch arch) throws IOException {
        Build b = builds.get(arch);
        if (b == null) {
            b = build(arch);
            builds.put(arch, b);
        }
        return b;
    }

    private Build build(Arch arch) throws IOException {
        Path dir = root.resolve(arch.name().toLowerCase());
        Path libdir = dir.resolve("libdir");
        Files.createDirectories(libdir);
        Path script = dir.resolve("fix.map");
        Files.writeString(script, VERSION_SCRIPT);
        List<String> libArgs = new ArrayList<>(List.of("-shared", "-fPIC", "-Wl,--version-script=" + script,
                "-Wl,-soname," + SONAME, "-Wl,--hash-style=both"));
        libArgs.addAll(arch.flags());
        Path library = arch.toolchain.compile(libdir.resolve(SONAME), LIBRARY, libArgs.toArray(String[]::new));
        if (!arch.runs) {
            return new Build(arch, dir, libdir, library, null, null, null, null);
        }
        String link = "-L" + libdir;
        Path program = arch.toolchain.compile(dir.resolve("prog"), PROGRAM, link, "-l:" + SONAME);
        Path withRpath = arch.toolchain.compile(dir.resolve("prog-rpath"), PROGRAM, link, "-l:" + SONAME,
                "-Wl,-rpath," + PLACEHOLDER, "-Wl,--disable-new-dtags");
        Path withRunpath = arch.toolchain.compile(dir.resolve("prog-runpath"), PROGRAM, link, "-l:" + SONAME,
                "-Wl,-rpath," + PLACEHOLDER, "-Wl,--enable-new-dtags");
        Path noPie = arch.toolchain.compile(dir.resolve("prog-no-pie"), PROGRAM, link, "-l:" + SONAME, "-no-pie");
        return new Build(arch, dir, libdir, library, program, withRpath, withRunpath, noPie);
    }

    // ---- Variants of real files, changed only in their headers.

    /** A copy without section headers (e_shoff, e_shnum, e_shstrndx zero), as sstrip leaves files. */
    static byte[] withoutSectionHeaders(byte[] original) {
        byte[] copy = original.clone();
        boolean is64 = copy[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(copy).order(order(copy));
        if (is64) {
            b.putLong(0x28, 0);
            b.putShort(0x3c, (short) 0);
            b.putShort(0x3e, (short) 0);
        } else {
            b.putInt(0x20, 0);
            b.putShort(0x30, (short) 0);
            b.putShort(0x32, (short) 0);
        }
        return copy;
    }

    /**
     * A copy whose PT_DYNAMIC (and .dynamic section) ends right after the terminating DT_NULL, as
     * LLD lays it out: no spare slot for a new tag.
     */
    static byte[] withoutSpareSlots(byte[] original) {
        byte[] copy = original.clone();
        boolean is64 = copy[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(copy).order(order(copy));
        long phoff = is64 ? b.getLong(0x20) : b.getInt(0x1c) & 0xffffffffL;
        long shoff = is64 ? b.getLong(0x28) : b.getInt(0x20) & 0xffffffffL;
        int phent = b.getShort(is64 ? 0x36 : 0x2a) & 0xffff;
        int phnum = b.getShort(is64 ? 0x38 : 0x2c) & 0xffff;
        int shent = b.getShort(is64 ? 0x3a : 0x2e) & 0xffff;
        int shnum = b.getShort(is64 ? 0x3c : 0x30) & 0xffff;
        int ent = is64 ? 16 : 8;
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phent);
            if (b.getInt(o) != 2) {
                continue;
            }
            long off = is64 ? b.getLong(o + 8) : b.getInt(o + 4) & 0xffffffffL;
            int n = 0;
            while (true) {
                long tag = is64 ? b.getLong((int) off + n * ent) : b.getInt((int) off + n * ent);
                n++;
                if (tag == 0) {
                    break;
                }
            }
            long size = (long) n * ent;
            if (is64) {
                b.putLong(o + 32, size);
                b.putLong(o + 40, size);
            } else {
                b.putInt(o + 16, (int) size);
                b.putInt(o + 20, (int) size);
            }
            for (int j = 0; j < shnum && shoff != 0; j++) {
                int so = (int) (shoff + (long) j * shent);
                if (b.getInt(so + 4) == 6) {
                    if (is64) {
                        b.putLong(so + 32, size);
                    } else {
                        b.putInt(so + 20, (int) size);
                    }
                }
            }
        }
        return copy;
    }

    static ByteOrder order(byte[] elf) {
        return elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
