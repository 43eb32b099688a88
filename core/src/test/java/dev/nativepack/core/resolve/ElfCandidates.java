package dev.nativepack.core.resolve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The files the differential test compares: regular files (not symbolic links, so each library
 * is compared once) directly in the given directories whose header says x86_64 ELF64 executable
 * or shared object. The header is read here byte by byte so that a file our ELF reader cannot
 * parse is still selected and shows up as a mismatch.
 */
final class ElfCandidates {
    private static final int EM_X86_64 = 62;
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;

    private ElfCandidates() {
    }

    static List<Path> scan(List<Path> dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && isX8664Object(f)) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    /**
     * At most {@code limit} files, chosen with a fixed seed so every run compares the same ones;
     * the files in {@code always} stay in the selection.
     */
    static List<Path> sample(List<Path> all, int limit, long seed, List<Path> always) {
        if (all.size() <= limit) {
            return all;
        }
        List<Path> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        List<Path> chosen = new ArrayList<>();
        for (Path p : always) {
            if (all.contains(p)) {
                chosen.add(p);
            }
        }
        for (Path p : shuffled) {
            if (chosen.size() >= limit) {
                break;
            }
            if (!chosen.contains(p)) {
                chosen.add(p);
            }
        }
        Collections.sort(chosen);
        return chosen;
    }

    private static boolean isX8664Object(Path f) {
        byte[] h = new byte[20];
        try (InputStream in = Files.newInputStream(f)) {
            if (in.readNBytes(h, 0, h.length) < h.length) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        boolean elf64le = h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F' && h[4] == 2 && h[5] == 1;
        int type = (h[16] & 0xff) | (h[17] & 0xff) << 8;
        int machine = (h[18] & 0xff) | (h[19] & 0xff) << 8;
        return elf64le && machine == EM_X86_64 && (type == ET_EXEC || type == ET_DYN);
    }
}
