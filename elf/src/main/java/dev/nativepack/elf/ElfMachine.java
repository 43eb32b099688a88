package dev.nativepack.elf;

import java.util.Map;

/** e_machine values the tool knows by name; others print as their number. */
public final class ElfMachine {
    public static final int EM_SPARC = 2;
    public static final int EM_386 = 3;
    public static final int EM_MIPS = 8;
    public static final int EM_SPARC32PLUS = 18;
    public static final int EM_PPC = 20;
    public static final int EM_PPC64 = 21;
    public static final int EM_S390 = 22;
    public static final int EM_ARM = 40;
    public static final int EM_SPARCV9 = 43;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;
    public static final int EM_LOONGARCH = 258;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EM_386, "i386"), Map.entry(EM_MIPS, "mips"), Map.entry(EM_PPC, "ppc"),
            Map.entry(EM_PPC64, "ppc64"), Map.entry(EM_S390, "s390"), Map.entry(EM_ARM, "arm"),
            Map.entry(EM_X86_64, "x86_64"), Map.entry(EM_AARCH64, "aarch64"), Map.entry(EM_RISCV, "riscv"),
            Map.entry(EM_LOONGARCH, "loongarch"), Map.entry(EM_SPARC, "sparc"),
            Map.entry(EM_SPARC32PLUS, "sparc32plus"), Map.entry(EM_SPARCV9, "sparcv9"));

    private ElfMachine() {
    }

    /** The usual architecture name (x86_64, aarch64, ...) or {@code machine-N}. */
    public static String name(int machine) {
        return NAMES.getOrDefault(machine, "machine-" + machine);
    }

    /** The e_machine for an architecture name, accepting the common aliases (amd64, arm64). */
    public static int fromName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "amd64": return EM_X86_64;
            case "arm64": return EM_AARCH64;
            case "i686": case "x86": return EM_386;
            default:
                for (Map.Entry<Integer, String> e : NAMES.entrySet()) {
                    if (e.getValue().equals(n)) {
                        return e.getKey();
                    }
                }
                throw new IllegalArgumentException("unknown architecture '" + name + "'");
        }
    }
}
