package dev.nativepack.core.runtimedata;

import dev.nativepack.core.resolve.Closure;
import dev.nativepack.core.resolve.FoundVia;
import dev.nativepack.core.resolve.LoadedObject;
import dev.nativepack.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A program or library whose run-time needs are wanted.
 *
 * @param name its soname, or for a program (or a library without one) the file name of its real path;
 *             the data table knows libraries by it
 * @param file the file on this machine
 * @param elf  the parsed file
 */
public record ObjectFile(String name, Path file, ElfFile elf) {
    public static ObjectFile of(ElfFile elf) throws IOException {
        String soname = elf.hasDynamicSegment() && !elf.kind().isExecutable() ? elf.dynamic().soname() : null;
        return new ObjectFile(soname != null ? soname : elf.path().toRealPath().getFileName().toString(),
                elf.path(), elf);
    }

    /**
     * The programs of resolved closures and the libraries of them that come from this machine (not
     * the target's, whose needs the target meets), each once.
     */
    public static List<ObjectFile> of(List<Closure> closures) throws IOException {
        List<ObjectFile> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Closure c : closures) {
            for (LoadedObject o : c.objects()) {
                if (o.baseline() != null || o.elf() == null || o.hostPath() == null || o.via() == FoundVia.INTERPRETER
                        || !seen.add(o.hostPath().toRealPath())) {
                    continue;
                }
                out.add(o.index() == 0 ? of(o.elf())
                        : new ObjectFile(o.soname() != null ? o.soname() : o.name(), o.hostPath(), o.elf()));
            }
        }
        return out;
    }
}
