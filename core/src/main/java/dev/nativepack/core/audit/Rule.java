package dev.nativepack.core.audit;

/**
 * The checks an audit makes. Each id is stable: users filter on it, CI reads it from SARIF, and
 * documentation links to it.
 */
public enum Rule {
    SYMBOL_VERSION("symbol-version", Severity.ERROR,
            "A required symbol version is newer than the target provides",
            "The loader refuses to start the program: \"version `X' not found (required by Y)\". "
                    + "Every symbol bound to that version is named."),
    MISSING_LIBRARY("missing-library", Severity.ERROR,
            "A needed library is in neither the inputs, the target, nor this machine",
            "The loader stops with \"cannot open shared object file: No such file or directory\"."),
    BUNDLE_REQUIRED("bundle-required", Severity.ERROR,
            "A needed library is not on the target and is not in the inputs",
            "It exists on this machine, so it can be bundled; deployed as it is, the loader stops with "
                    + "\"cannot open shared object file\"."),
    WRONG_ARCHITECTURE("wrong-architecture", Severity.ERROR,
            "A file is built for another machine or ELF class than the target",
            "The kernel refuses to run it (\"Exec format error\") or the loader skips it as a library."),
    WRONG_LIBC("wrong-libc", Severity.ERROR,
            "A file is built for another C library (musl or glibc) than the target has",
            "Its program interpreter does not exist on the target, or its symbols do not match the C library there."),
    WRONG_INTERPRETER("wrong-interpreter", Severity.ERROR,
            "A program names a program interpreter (PT_INTERP) the target does not have",
            "The kernel cannot start it: the error reads \"No such file or directory\" for a file that exists."),
    PYTHON_ABI("python-abi", Severity.ERROR,
            "A Python extension module is built for another CPython than the target runs",
            "CPython imports an extension module only under its own version tag, the stable ABI's (abi3) or none: "
                    + "the module is never found (\"No module named\")."),
    NEVER_BUNDLE("never-bundle", Severity.ERROR,
            "A library that must come from the target would be bundled",
            "The C library, the loader, NSS and gconv modules and GPU driver libraries must match the system "
                    + "they run on; a bundled copy breaks the process or loses to the system's copy."),
    GLIBC_PRIVATE("glibc-private", Severity.ERROR,
            "A library needs GLIBC_PRIVATE symbols",
            "Only glibc's own libraries may use GLIBC_PRIVATE; such a library is part of one exact glibc build."),
    SHADOWED_LIBRARY("shadowed-library", Severity.WARNING,
            "A library in the inputs loses to the target's copy with the same name",
            "The target's directory is searched first, so the bundled copy is never loaded."),
    ABSOLUTE_RPATH("absolute-rpath", Severity.WARNING,
            "RPATH or RUNPATH holds an absolute directory",
            "An absolute directory from the build machine means nothing on the target and may pick up a "
                    + "different library there; use $ORIGIN-relative paths."),
    BUILD_TREE_RPATH("build-tree-rpath", Severity.WARNING,
            "RPATH or RUNPATH points into a build tree",
            "A build directory does not exist on the target; the search path leaks build details and is slow to search."),
    EXECUTABLE_STACK("executable-stack", Severity.WARNING,
            "An object asks for an executable stack",
            "Loading it makes the whole process's stack executable; newer loaders refuse to dlopen such a library."),
    TEXT_RELOCATIONS("text-relocations", Severity.WARNING,
            "An object has text relocations",
            "The loader must write to code pages at start-up: slower, and refused where W^X is enforced."),
    LGPL_STATIC("lgpl-static", Severity.WARNING,
            "An LGPL library is linked statically",
            "The LGPL requires that users can relink the program against a modified copy of the library; a static "
                    + "copy prevents that unless its object files ship too. Linked as a shared library, it is bundled in lib/."),
    DEBUG_INFO("debug-info", Severity.NOTE,
            "Debug information could be stripped",
            "Debug sections and symbol tables are not needed at run time; stripping them shrinks the archive."),
    SIZE_LIMIT("size-limit", Severity.ERROR,
            "The deployment is larger than the target accepts",
            "The platform rejects archives beyond its zipped or unzipped size limit."),
    RUNTIME_DATA("runtime-data", Severity.WARNING,
            "A library loads plugins or reads data at run time that the deployment does not bring",
            "DT_NEEDED does not name them: drivers, coders and converters are loaded with dlopen, and data and "
                    + "configuration are read from paths compiled in or given by environment variables. Without them "
                    + "the program starts, and fails at its real work (\"proj_create: cannot find proj.db\").");

    private final String id;
    private final Severity severity;
    private final String title;
    private final String description;

    Rule(String id, Severity severity, String title, String description) {
        this.id = id;
        this.severity = severity;
        this.title = title;
        this.description = description;
    }

    /** The stable id, e.g. {@code symbol-version}. */
    public String id() {
        return id;
    }

    /** The usual severity; a finding may say otherwise (a size close to the limit is a warning). */
    public Severity defaultSeverity() {
        return severity;
    }

    public String title() {
        return title;
    }

    /** Why it matters, for help texts and SARIF rule descriptions. */
    public String description() {
        return description;
    }

    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rule \"" + id + "\"");
    }
}
