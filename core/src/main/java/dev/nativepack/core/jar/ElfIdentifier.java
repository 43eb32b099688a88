package dev.nativepack.core.jar;

import dev.nativepack.core.target.ArchitectureNames;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.ElfHeader;
import dev.nativepack.elf.ElfNote;
import dev.nativepack.elf.MalformedElfException;
import dev.nativepack.elf.ObjectKind;
import dev.nativepack.elf.ProgramHeader;
import dev.nativepack.elf.RequiredVersion;
import dev.nativepack.elf.VersionNeed;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The platform of an ELF file from what it says about itself. OS/ABI alone does not tell the
 * operating system (research/java.md §1.1: FreeBSD and OpenBSD libraries that say "System V"), so
 * every hint votes: OS/ABI, notes that name an OS, the program interpreter, the C library in
 * DT_NEEDED and OS-specific symbol versions. One operating system wins only when no hint
 * contradicts it; otherwise it is unknown, never guessed.
 */
final class ElfIdentifier {
    private static final List<String> GLIBC_LIBRARIES = List.of("libc.so.6", "libm.so.6", "libpthread.so.0",
            "libdl.so.2", "librt.so.1");

    private ElfIdentifier() {
    }

    /**
     * Reads the headers first and then only as far as the dynamic section, notes and interpreter
     * reach (in a stripped library most of the file, in one with debug information much less);
     * what lies further (an unusual layout) makes it read the whole file and look again.
     */
    static NativeIdentity identify(String path, NativeSource source, byte[] head) throws JarInputException {
        byte[] b = head;
        if (b.length < source.size()) {
            long extent = extent(path, b);
            if (extent < 0 || extent > b.length) {
                b = source.upTo(extent < 0 ? Long.MAX_VALUE : extent);
            }
            if (b.length < source.size()) {
                NativeIdentity partial = identify(path, b, true);
                if (partial != null) {
                    return partial;
                }
                b = source.upTo(Long.MAX_VALUE);
            }
        }
        return identify(path, b, false);
    }

    /**
     * Only what the first 64 bytes say: the architecture, and the kind from e_type. For pruning,
     * where another architecture than the target's already settles a native's fate, so the rest of
     * it is never inflated. Null when the header is cut off or not valid.
     */
    static NativeIdentity headerOnly(byte[] head) {
        if (head.length < 64 || (head[4] != 1 && head[4] != 2) || (head[5] != 1 && head[5] != 2)) {
            return null;
        }
        boolean is64 = head[4] == 2;
        java.nio.ByteOrder order = head[5] == 1 ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head).order(order);
        int type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        long flags = Integer.toUnsignedLong(b.getInt(is64 ? 48 : 36));
        ElfHeader h = new ElfHeader(is64 ? dev.nativepack.elf.ElfClass.ELF64 : dev.nativepack.elf.ElfClass.ELF32, order,
                1, head[7] & 0xff, 0, type, machine, 1, 0, 0, 0, flags, 0, 0, 0, 0, 0, 0);
        BinaryKind kind = type == ElfHeader.ET_DYN ? BinaryKind.SHARED_LIBRARY : type == ElfHeader.ET_EXEC
                ? BinaryKind.EXECUTABLE : type == ElfHeader.ET_REL ? BinaryKind.OBJECT
                : type == ElfHeader.ET_CORE ? BinaryKind.CORE : BinaryKind.OTHER;
        String architecture = ArchitectureNames.of(h);
        return new NativeIdentity(NativeFormat.ELF, kind,
                new NativePlatform(NativePlatform.UNKNOWN, architecture, NativePlatform.UNKNOWN),
                List.of("e_machine " + architecture + " (" + h.elfClass() + ", " + h.endianName()
                        + "-endian); the rest not read, as the architecture settles it"));
    }

    /** Where the parts identifying reads end: PT_DYNAMIC, PT_NOTE, PT_INTERP; -1 when the headers do not parse. */
    private static long extent(String path, byte[] head) {
        try {
            long end = 0;
            for (ProgramHeader ph : ElfFile.parse(Path.of(path), head).programHeaders()) {
                if (ph.type() == ProgramHeader.PT_DYNAMIC || ph.type() == ProgramHeader.PT_NOTE
                        || ph.type() == ProgramHeader.PT_INTERP) {
                    end = Math.max(end, ph.offset() + ph.filesz());
                }
            }
            return end;
        } catch (MalformedElfException | UncheckedIOException e) {
            return -1;
        }
    }

    /** @param partial the bytes are only the start of the file: a read past them gives null, not "damaged" */
    private static NativeIdentity identify(String path, byte[] bytes, boolean partial) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(Path.of(path), bytes);
        } catch (MalformedElfException | UncheckedIOException e) {
            return partial ? null : damaged(e);
        }
        ElfHeader h = elf.header();
        String architecture = ArchitectureNames.of(h);
        PlatformVotes votes = new PlatformVotes();
        try {
            osAbi(h, votes);
            for (ElfNote note : elf.notes()) {
                note(elf, note, votes);
            }
            String interp = elf.interpreter();
            if (interp != null) {
                interpreter(interp, votes);
            }
            for (String needed : elf.dynamic().needed()) {
                needed(needed, path, votes);
            }
            for (VersionNeed need : elf.versionNeedsWithoutSymbols()) {
                for (RequiredVersion v : need.versions()) {
                    if (v.name().startsWith("FBSD_")) {
                        votes.os("freebsd", "symbol version " + v.name() + " from " + need.library());
                    } else if (v.name().startsWith("SUNW_")) {
                        votes.os("solaris", "symbol version " + v.name() + " from " + need.library());
                    }
                }
            }
            boolean needsNothing = elf.dynamic().needed().isEmpty() && interp == null;
            BinaryKind kind = kind(elf.kind());
            List<String> evidence = new ArrayList<>();
            evidence.add("e_machine " + architecture + " (" + h.elfClass() + ", " + h.endianName() + "-endian)");
            return new NativeIdentity(NativeFormat.ELF, kind, votes.decide(architecture, needsNothing, evidence),
                    evidence);
        } catch (MalformedElfException | UncheckedIOException e) {
            return partial ? null : damaged(e);
        }
    }

    private static NativeIdentity damaged(RuntimeException e) {
        String problem = e instanceof MalformedElfException m ? m.problem() + " (" + m.field() + ")" : e.getMessage();
        return new NativeIdentity(NativeFormat.ELF, BinaryKind.OTHER,
                new NativePlatform(NativePlatform.UNKNOWN, NativePlatform.UNKNOWN, NativePlatform.UNKNOWN),
                List.of("ELF magic, but not a well-formed ELF file: " + problem));
    }

    private static BinaryKind kind(ObjectKind k) {
        switch (k) {
            case SHARED_LIBRARY: return BinaryKind.SHARED_LIBRARY;
            case RELOCATABLE: return BinaryKind.OBJECT;
            case CORE: return BinaryKind.CORE;
            case UNKNOWN: return BinaryKind.OTHER;
            default: return BinaryKind.EXECUTABLE;
        }
    }

    private static void osAbi(ElfHeader h, PlatformVotes votes) {
        switch (h.osAbi()) {
            case 3: votes.os("linux", "OS/ABI GNU/Linux"); break;
            case 6: votes.os("solaris", "OS/ABI Solaris"); break;
            case 9: votes.os("freebsd", "OS/ABI FreeBSD"); break;
            case 12: votes.os("openbsd", "OS/ABI OpenBSD"); break;
            case 2: votes.os("netbsd", "OS/ABI NetBSD"); break;
            default: break; // System V (0) and the rest name no operating system.
        }
    }

    private static void note(ElfFile elf, ElfNote note, PlatformVotes votes) {
        switch (note.owner()) {
            case "FreeBSD": votes.os("freebsd", "note owner FreeBSD"); break;
            case "OpenBSD": votes.os("openbsd", "note owner OpenBSD"); break;
            case "NetBSD": votes.os("netbsd", "note owner NetBSD"); break;
            case "DragonFly": votes.os("dragonfly", "note owner DragonFly"); break;
            case "Android":
                votes.os("android", "note owner Android");
                votes.libc("bionic", "note owner Android");
                break;
            case "GNU":
                // Build-id and property notes are written on every OS; only the ABI tag names one.
                if (note.type() == ElfNote.NT_GNU_ABI_TAG) {
                    String tag = elf.abiTag();
                    if (tag != null && tag.startsWith("Linux ")) {
                        votes.os("linux", "GNU ABI tag " + tag);
                    } else if (tag != null && tag.startsWith("FreeBSD ")) {
                        votes.os("freebsd", "GNU ABI tag " + tag);
                    } else if (tag != null && tag.startsWith("Solaris ")) {
                        votes.os("solaris", "GNU ABI tag " + tag);
                    }
                }
                break;
            default:
                break;
        }
    }

    private static void interpreter(String interp, PlatformVotes votes) {
        String base = interp.substring(interp.lastIndexOf('/') + 1);
        String why = "program interpreter " + interp;
        if (base.startsWith("ld-musl-")) {
            votes.linux("musl", why);
        } else if (base.startsWith("ld-linux") || base.startsWith("ld64.so.")) {
            votes.linux("glibc", why);
        } else if (base.equals("ld-elf.so.1")) {
            votes.os("freebsd", why);
        } else if (base.startsWith("linker")) {
            votes.os("android", why);
            votes.libc("bionic", why);
        } else if (interp.equals("/usr/libexec/ld.elf_so")) {
            votes.os("netbsd", why);
        } else if (interp.startsWith("/usr/lib/") && base.equals("ld.so.1")) {
            votes.os("solaris", why);
        }
    }

    private static void needed(String needed, String path, PlatformVotes votes) {
        String why = "DT_NEEDED " + needed;
        if (GLIBC_LIBRARIES.contains(needed) || needed.startsWith("ld-linux") || needed.startsWith("ld64.so.")) {
            votes.linux("glibc", why);
        } else if (needed.startsWith("libc.musl-") || needed.startsWith("ld-musl-")) {
            votes.linux("musl", why);
        } else if (needed.equals("libc.so.7") || needed.equals("libthr.so.3") || needed.equals("libm.so.5")) {
            votes.os("freebsd", why);
        } else if (needed.equals("libc.so.8")) {
            votes.os("dragonfly", why);
        } else if (needed.equals("libc.so.12")) {
            votes.os("netbsd", why);
        } else if (needed.matches("libc\\.so\\.\\d+\\.\\d+")) {
            votes.os("openbsd", why);
        } else if (needed.equals("libc.so.1") || needed.equals("libm.so.2")) {
            votes.os("solaris", why);
        } else if (needed.equals("libc.so")) {
            // musl's own name for itself and Android's bionic: only the path can break the tie.
            String p = path.toLowerCase(Locale.ROOT);
            boolean android = p.contains("android");
            boolean musl = p.contains("musl");
            if (android && !musl) {
                votes.os("android", why + " and \"android\" in the path");
                votes.libc("bionic", why + " and \"android\" in the path");
            } else if (musl && !android) {
                votes.linux("musl", why + " and \"musl\" in the path");
            } else {
                votes.ambiguous(why + ": musl or Android's bionic, and the path names neither");
            }
        }
    }
}
