package dev.nativepack.elf;

/** Derives what an object is and which libc it belongs to (research/elf.md §1 and §6.3). */
final class ObjectClassifier {
    private ObjectClassifier() {
    }

    static ObjectKind kind(ElfFile f) {
        int type = f.header().type();
        if (type == ElfHeader.ET_REL) return ObjectKind.RELOCATABLE;
        if (type == ElfHeader.ET_CORE) return ObjectKind.CORE;
        String interp = f.interpreter();
        if (type == ElfHeader.ET_EXEC) {
            boolean dynamic = interp != null || !f.dynamic().needed().isEmpty();
            return dynamic ? ObjectKind.EXECUTABLE : ObjectKind.STATIC_EXECUTABLE;
        }
        if (type != ElfHeader.ET_DYN) return ObjectKind.UNKNOWN;
        DynamicSection dyn = f.dynamic();
        if (dyn.isPie()) {
            if (interp == null && dyn.needed().isEmpty()) {
                return ObjectKind.STATIC_PIE_EXECUTABLE;
            }
            return ObjectKind.PIE_EXECUTABLE;
        }
        // Old toolchains did not set DF_1_PIE; a runnable DSO with a SONAME (libc.so.6) is still a library.
        if (interp != null && dyn.soname() == null) {
            return ObjectKind.PIE_EXECUTABLE;
        }
        return ObjectKind.SHARED_LIBRARY;
    }

    static LibcFamily libcFamily(ElfFile f) {
        String interp = f.interpreter();
        if (interp != null) {
            String base = interp.substring(interp.lastIndexOf('/') + 1);
            if (base.startsWith("ld-musl-")) return LibcFamily.MUSL;
            if (base.startsWith("ld-linux") || base.startsWith("ld64.so") || base.equals("ld.so.1")) return LibcFamily.GLIBC;
        }
        DynamicSection dyn = f.dynamic();
        String soname = dyn.soname();
        if (soname != null && (soname.equals("libc.so.6") || soname.startsWith("ld-linux") || soname.startsWith("ld64.so"))) {
            return LibcFamily.GLIBC;
        }
        for (String needed : dyn.needed()) {
            if (needed.equals("libc.so.6") || needed.startsWith("ld-linux")) return LibcFamily.GLIBC;
            if (needed.equals("libc.so") || needed.startsWith("libc.musl-")) return LibcFamily.MUSL;
        }
        if (!f.hasDynamicSegment()) {
            // Static glibc programs carry the GNU ABI tag note; static musl programs do not.
            return f.abiTag() != null ? LibcFamily.GLIBC : LibcFamily.UNKNOWN;
        }
        if (dyn.needed().isEmpty()) {
            // A static-PIE program has PT_DYNAMIC but no DT_NEEDED; glibc's carries the ABI tag note too.
            return f.abiTag() != null ? LibcFamily.GLIBC : LibcFamily.NONE;
        }
        return LibcFamily.UNKNOWN;
    }
}
