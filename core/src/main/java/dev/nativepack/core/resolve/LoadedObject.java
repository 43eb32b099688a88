package dev.nativepack.core.resolve;

import dev.nativepack.elf.ElfFile;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One object in the loader's namespace: where it was opened (as a path on the target), where that
 * file is on this machine, who loaded it first and how it was found.
 */
public final class LoadedObject {
    private int index;
    private final String path;
    private final Path hostPath;
    private final ElfFile elf;
    private LoadedObject loader;
    private final FoundVia via;
    private final LoadedObject viaOwner;
    private final boolean hostNamespace;
    private final Baseline.BaselineLibrary baseline;
    private final Set<String> names = new LinkedHashSet<>();

    LoadedObject(int index, String firstName, String path, Path hostPath, ElfFile elf, LoadedObject loader,
                 FoundVia via, LoadedObject viaOwner, boolean hostNamespace) {
        this(index, firstName, path, hostPath, elf, loader, via, viaOwner, hostNamespace, null);
    }

    LoadedObject(int index, String firstName, String path, Path hostPath, ElfFile elf, LoadedObject loader,
                 FoundVia via, LoadedObject viaOwner, boolean hostNamespace, Baseline.BaselineLibrary baseline) {
        this.baseline = baseline;
        this.index = index;
        this.path = path;
        this.hostPath = hostPath;
        this.elf = elf;
        this.loader = loader;
        this.via = via;
        this.viaOwner = viaOwner;
        this.hostNamespace = hostNamespace;
        if (firstName != null) {
            names.add(firstName);
        }
    }

    /** Puts the loader object into the load order where it is first needed (rtld.c does the same). */
    void place(int position, LoadedObject firstRequester) {
        this.index = position;
        this.loader = firstRequester;
    }

    /** Position in load order: 0 is the main object; -1 for the loader before anything needs it. */
    public int index() {
        return index;
    }

    /** The name it was first requested as (a DT_NEEDED string), or the path for the main object. */
    public String name() {
        return names.isEmpty() ? path : names.iterator().next();
    }

    /** Every name this object has been requested as, and its SONAME once matched by it. */
    public Set<String> names() {
        return Collections.unmodifiableSet(names);
    }

    void addName(String name) {
        names.add(name);
    }

    /** The path the loader opened, as it would be on the target (not canonicalised). */
    public String path() {
        return path;
    }

    /** The file on this machine: under the resolution root unless it came from the host namespace. */
    public Path hostPath() {
        return hostPath;
    }

    public ElfFile elf() {
        return elf;
    }

    public String soname() {
        if (baseline != null) {
            return baseline.soname();
        }
        return elf == null ? null : elf.dynamic().soname();
    }

    /** The target's library this object stands for, when it comes from a baseline (no file, no ELF). */
    public Baseline.BaselineLibrary baseline() {
        return baseline;
    }

    /** The object whose DT_NEEDED first caused this one to load (the loader chain walked for DT_RPATH). */
    public LoadedObject loader() {
        return loader;
    }

    public FoundVia via() {
        return via;
    }

    /** For {@link FoundVia#RPATH} and {@link FoundVia#RUNPATH}: whose search path found it. */
    public LoadedObject viaOwner() {
        return viaOwner;
    }

    /**
     * True when the path is a path on this machine rather than on the target: the main file given
     * on the command line and what its $ORIGIN-relative paths lead to.
     */
    public boolean hostNamespace() {
        return hostNamespace;
    }

    /** A short description of how it was found, e.g. "rpath of libfoo.so.1". */
    public String howFound() {
        if ((via == FoundVia.RPATH || via == FoundVia.RUNPATH) && viaOwner != null) {
            return via.label() + (viaOwner.index == 0 ? " of the main program" : " of " + viaOwner.name());
        }
        return via.label();
    }

    @Override
    public String toString() {
        return name() + " => " + path;
    }
}
