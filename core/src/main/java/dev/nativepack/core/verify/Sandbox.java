package dev.nativepack.core.verify;

import dev.nativepack.core.archive.FileTrees;
import dev.nativepack.core.resolve.ProfileDetector;
import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetBaseline;
import dev.nativepack.core.target.TargetLibrary;
import dev.nativepack.elf.ElfFile;
import dev.nativepack.elf.MalformedElfException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an unpacked bundle in a bubblewrap sandbox shaped like the target: the task root read-only
 * at its place, layers at the layer root, a private writable /tmp, no network, the environment the
 * runtime sets, and library directories holding only the target's baseline libraries, taken from
 * a root on this machine (this machine itself, or a debootstrap'd tree). Nothing else of this
 * machine is visible, so a library the bundle forgot fails here as it would on the target.
 */
public final class Sandbox {
    /** What the loader (or the kernel, for a missing interpreter) says when a program cannot start. */
    private static final Pattern LOADER_ERROR = Pattern.compile(
            "(?m)^(?:.*: )?(error while loading shared libraries: .*|.*version `[^']+' not found.*|"
                    + "bwrap: execvp .*)$");

    /** The shell a script's #! line names and the sandbox provides. */
    static final String SHELL = "/bin/sh";

    private final Target target;
    private final Path baselineRoot;
    private final Map<Path, String> binds;
    private final Map<String, String> configured;

    /** @param baselineRoot where the target's baseline libraries are taken from (usually /) */
    public Sandbox(Target target, Path baselineRoot) {
        this(target, baselineRoot, Map.of());
    }

    /**
     * @param binds files or directories of this machine made visible read-only at a path in the
     *              sandbox: what the target's runtime provides but this machine holds elsewhere (an
     *              interpreter's standard library, say); never added to any library search path
     */
    public Sandbox(Target target, Path baselineRoot, Map<Path, String> binds) {
        this(target, baselineRoot, binds, Map.of());
    }

    private Sandbox(Target target, Path baselineRoot, Map<Path, String> binds, Map<String, String> configured) {
        this.target = target;
        this.baselineRoot = baselineRoot;
        this.binds = new LinkedHashMap<>(binds);
        this.configured = new LinkedHashMap<>(configured);
    }

    /**
     * This sandbox with the variables of a function's configuration set for what {@link #run} and
     * {@link #checkLoads} start (after the runtime's own, which they may replace, as on Lambda).
     */
    public Sandbox withConfiguration(Map<String, String> variables) {
        return new Sandbox(target, baselineRoot, binds, variables);
    }

    /**
     * Runs {@code program} with arguments: a path inside the task root (e.g. {@code bootstrap}), or
     * an absolute path in the sandbox under the task root or the layer root (e.g.
     * {@code /opt/bin/tool}, from a layer); see {@link #locate}.
     *
     * @param layers unpacked layers for the layer root, in order (may be empty): one is mounted as it
     *               is; several are first merged into a temporary directory, later files replacing
     *               earlier ones ({@link LayerStack}), which is removed afterwards
     * @throws SandboxException bubblewrap missing or refusing, layers for a target without a layer root
     */
    public SandboxResult run(Path taskRoot, List<Path> layers, String program, List<String> args, long timeoutSeconds)
            throws SandboxException, IOException {
        if (layers.size() <= 1) {
            return runWith(taskRoot, layers.isEmpty() ? null : layers.get(0), program, args, timeoutSeconds);
        }
        Path merged = Files.createTempDirectory("nativepack-layers-");
        try {
            LayerStack.merge(layers, merged.resolve("opt"));
            return runWith(taskRoot, merged.resolve("opt"), program, args, timeoutSeconds);
        } finally {
            FileTrees.delete(merged);
        }
    }

    /** One ELF file's load check: its path in the sandbox, and how the target's loader answered. */
    public record LoadCheck(String file, SandboxResult result) {
    }

    /**
     * Asks the target's own loader, inside the sandbox, to load every ELF program and shared object
     * of the task root and the layers ({@code ld.so --list FILE}, which maps the file's whole closure
     * as a start would, without running it): for bundles whose programs cannot be run without
     * arguments or a runtime API, and for extension modules that only an interpreter would load.
     */
    public List<LoadCheck> checkLoads(Path taskRoot, List<Path> layers, long timeoutSeconds)
            throws SandboxException, IOException {
        if (layers.size() > 1) {
            Path merged = Files.createTempDirectory("nativepack-layers-");
            try {
                return checkLoadsWith(taskRoot, LayerStack.merge(layers, merged.resolve("opt")), timeoutSeconds);
            } finally {
                FileTrees.delete(merged);
            }
        }
        return checkLoadsWith(taskRoot, layers.isEmpty() ? null : layers.get(0), timeoutSeconds);
    }

    private List<LoadCheck> checkLoadsWith(Path taskRoot, Path layer, long timeoutSeconds)
            throws SandboxException, IOException {
        String interpreter = target.loader().interpreter();
        if (interpreter == null || interpreter.isEmpty()) {
            throw new SandboxException(target.id() + " names no program interpreter to check loading with");
        }
        Map<String, Path> files = new java.util.TreeMap<>();
        files.putAll(loadableFiles(taskRoot, target.layout().taskRoot()));
        if (layer != null) {
            if (target.layout().layerRoot() == null) {
                throw new SandboxException(target.id() + " has no layers (its target file names no layer root)");
            }
            files.putAll(loadableFiles(layer, target.layout().layerRoot()));
        }
        // One sandbox per file, a few at a time: each is mostly waiting for bwrap to set up.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                r -> {
                    Thread t = new Thread(r, "nativepack-load-check");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<SandboxResult>> results = new ArrayList<>();
            for (Map.Entry<String, Path> f : files.entrySet()) {
                results.add(pool.submit(() -> runAs(taskRoot, layer, f.getValue(), interpreter,
                        List.of("--list", f.getKey()), f.getKey(), timeoutSeconds)));
            }
            List<LoadCheck> out = new ArrayList<>();
            int i = 0;
            for (String file : files.keySet()) {
                out.add(new LoadCheck(file, results.get(i++).get()));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the sandbox ran");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SandboxException se) {
                throw se;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** ELF programs and shared objects under {@code dir}, by their path in the sandbox under {@code mountedAt}. */
    private static Map<String, Path> loadableFiles(Path dir, String mountedAt) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    ElfFile elf = ElfFile.open(f);
                    // A static program has nothing to load; the loader would only say so.
                    boolean loadable = elf.kind().isExecutable() || elf.kind() == dev.nativepack.elf.ObjectKind.SHARED_LIBRARY;
                    if (loadable && elf.hasDynamicSegment()) {
                        out.put(mountedAt + "/" + dir.relativize(f).toString().replace('\\', '/'), f);
                    }
                } catch (MalformedElfException e) {
                    // Not ELF (a script, data): nothing for the loader.
                }
            }
        }
        return out;
    }

    private SandboxResult runWith(Path taskRoot, Path layer, String program, List<String> args, long timeoutSeconds)
            throws SandboxException, IOException {
        if (layer != null && target.layout().layerRoot() == null) {
            throw new SandboxException(target.id() + " has no layers (its target file names no layer root)");
        }
        Path programFile = locate(target, taskRoot, layer, program);
        if (programFile == null) {
            throw new SandboxException(program + ": not in the task root (" + target.layout().taskRoot() + ")"
                    + (layer == null ? "" : " or the layers (" + target.layout().layerRoot() + ")"));
        }
        String taskDir = target.layout().taskRoot();
        return runAs(taskRoot, layer, programFile, program.startsWith("/") ? program : taskDir + "/" + program, args,
                program, timeoutSeconds);
    }

    /**
     * Runs {@code executable} (a path in the sandbox) with {@code args}; {@code elfFile} is the file
     * on this machine whose architecture chooses the baseline libraries, {@code handler} what
     * _HANDLER says.
     */
    private SandboxResult runAs(Path taskRoot, Path layer, Path elfFile, String executable, List<String> args,
                                String handler, long timeoutSeconds) throws SandboxException, IOException {
        BaselineFiles baseline = BaselineFiles.find(target, baselineRoot, elfFile);
        List<String> cmd = command(baseline, taskRoot, layer, executable, args, environment(handler), false);
        return execute(cmd, timeoutSeconds, baseline.missing());
    }

    /**
     * Starts {@code executable} (a path in the sandbox) in the sandbox without waiting for it: for a
     * function's runtime, which lives across invocations. Only {@code environment} is set.
     *
     * @param elfFile  the file on this machine whose architecture chooses the baseline libraries
     * @param network  share this machine's network (the runtime must reach the Runtime API on loopback;
     *                 functions on Lambda have a network too)
     * @param prefix   a command that runs the sandbox (e.g. one that enters a memory cgroup first), or empty
     */
    public Process start(Path taskRoot, Path layer, Path elfFile, String executable, Map<String, String> environment,
                         boolean network, List<String> prefix) throws SandboxException, IOException {
        if (layer != null && target.layout().layerRoot() == null) {
            throw new SandboxException(target.id() + " has no layers (its target file names no layer root)");
        }
        BaselineFiles baseline = BaselineFiles.find(target, baselineRoot, elfFile);
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command(baseline, taskRoot, layer, executable, List.of(), environment, network));
        try {
            // Output and errors interleaved, as a function's log stream is.
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new SandboxException("bubblewrap (bwrap) is needed to run a function: install it "
                    + "(e.g. apt-get install bubblewrap)");
        }
    }

    private List<String> command(BaselineFiles baseline, Path taskRoot, Path layer, String executable, List<String> args,
                                 Map<String, String> environment, boolean network) {
        List<String> cmd = new ArrayList<>(List.of("bwrap", "--unshare-all"));
        if (network) {
            cmd.add("--share-net");
        }
        cmd.addAll(List.of("--die-with-parent", "--new-session", "--clearenv", "--proc", "/proc", "--dev", "/dev",
                "--tmpfs", "/tmp"));
        for (Map.Entry<String, Path> lib : baseline.files().entrySet()) {
            cmd.addAll(List.of("--ro-bind", lib.getValue().toString(), lib.getKey()));
        }
        for (Map.Entry<String, String> alias : target.loader().directoryAliases().entrySet()) {
            cmd.addAll(List.of("--symlink", alias.getValue(), alias.getKey()));
        }
        // Every target has a POSIX shell at /bin/sh (Amazon Linux's is bash, Debian's dash), which a
        // bootstrap script and system() use: this machine's stands in, as its libraries stand in for the target's.
        Path shell = Path.of(SHELL);
        if (Files.isRegularFile(shell)) {
            String alias = target.loader().directoryAliases().get("/bin");
            try {
                cmd.addAll(List.of("--ro-bind", shell.toRealPath().toString(), alias == null ? SHELL : alias + "/sh"));
            } catch (IOException e) {
                // Unreadable: the sandbox has no shell, and a script says so when it cannot start.
            }
        }
        String taskDir = target.layout().taskRoot();
        cmd.addAll(List.of("--ro-bind", taskRoot.toAbsolutePath().toString(), taskDir));
        if (layer != null) {
            cmd.addAll(List.of("--ro-bind", layer.toAbsolutePath().toString(), target.layout().layerRoot()));
        }
        for (Map.Entry<Path, String> bind : binds.entrySet()) {
            cmd.addAll(List.of("--ro-bind", bind.getKey().toAbsolutePath().toString(), bind.getValue()));
        }
        cmd.addAll(List.of("--chdir", taskDir));
        for (Map.Entry<String, String> e : environment.entrySet()) {
            cmd.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        cmd.add(executable);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The file on this machine that {@code program} names in the sandbox: a relative path is inside
     * the task root; an absolute one must lie under the target's task root or, with a layer, its
     * layer root. Null when it names a place outside them (or climbs out with {@code ..}).
     *
     * @param layer the (merged) layer directory mounted at the layer root, or null
     */
    public static Path locate(Target target, Path taskRoot, Path layer, String program) {
        if (!program.startsWith("/")) {
            return inside(taskRoot, program);
        }
        String taskDir = target.layout().taskRoot();
        if (program.startsWith(taskDir + "/")) {
            return inside(taskRoot, program.substring(taskDir.length() + 1));
        }
        String layerRoot = target.layout().layerRoot();
        if (layer != null && layerRoot != null && program.startsWith(layerRoot + "/")) {
            return inside(layer, program.substring(layerRoot.length() + 1));
        }
        return null;
    }

    private static Path inside(Path dir, String relative) {
        Path base = dir.toAbsolutePath().normalize();
        Path p = base.resolve(relative).normalize();
        return p.startsWith(base) && !p.equals(base) ? p : null;
    }

    /** What the runtime sets (research on the Lambda environment); only what a zip function sees. */
    private Map<String, String> environment(String program) {
        Map<String, String> env = runtimeEnvironment(target, program);
        env.put("HOME", "/tmp");
        env.putAll(configured);
        return env;
    }

    /**
     * The variables every runtime of the target sees whatever the function (research/lambda.md
     * §3.6): the task root, the runtime directory, the loader's path, PATH, LANG, TZ and _HANDLER.
     * verify adds HOME for programs that expect one; invoke adds the rest of Lambda's.
     */
    public static Map<String, String> runtimeEnvironment(Target target, String handler) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", target.layout().taskRoot());
        env.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
        if (!target.loader().ldLibraryPath().isEmpty()) {
            env.put("LD_LIBRARY_PATH", target.loader().ldLibraryPath());
        }
        env.put("PATH", target.layout().path().isEmpty() ? "/usr/local/bin:/usr/bin/:/bin:/opt/bin" : target.layout().path());
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        return env;
    }

    private static SandboxResult execute(List<String> cmd, long timeoutSeconds, List<String> missing)
            throws SandboxException, IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new SandboxException("bubblewrap (bwrap) is needed to verify a bundle: install it "
                    + "(e.g. apt-get install bubblewrap)");
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output lost: ").append(e.getMessage()).append(')');
            }
        }, "nativepack-sandbox-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor();
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the sandbox ran");
        }
        String text = output.toString();
        if (text.startsWith("bwrap: ") && !text.startsWith("bwrap: execvp")) {
            throw new SandboxException("bubblewrap refused to set up the sandbox: " + text.strip().lines().findFirst()
                    .orElse(""));
        }
        int exit = finished ? p.exitValue() : -1;
        String loaderError = null;
        Matcher m = LOADER_ERROR.matcher(text);
        if (exit != 0 && m.find()) {
            loaderError = m.group(1).strip();
        } else if (exit == 127) {
            loaderError = "exit code 127: the program could not be started";
        }
        return new SandboxResult(exit, text, loaderError, !finished, missing);
    }

    /** The target's libraries as files of the baseline root, by their path on the target. */
    record BaselineFiles(Map<String, Path> files, List<String> missing) {
        private static final Map<String, BaselineFiles> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

        static BaselineFiles find(Target target, Path root, Path program) throws SandboxException, IOException {
            if (!Files.isDirectory(root)) {
                throw new SandboxException(root + ": the baseline root is not a directory");
            }
            ElfFile elf;
            try {
                // A script runs with the sandbox's shell, whose architecture is this machine's.
                elf = ElfFile.open(isScript(program) ? Path.of(SHELL) : program);
            } catch (MalformedElfException | IOException e) {
                throw new SandboxException(program + ": cannot be read as an ELF program: " + e.getMessage());
            }
            List<Path> searchDirs = librarySearchDirs(root, elf);
            // Several sandboxes of one run (verify --loads) share what this machine stands in with.
            String key = target.id() + '\0' + root.toAbsolutePath() + '\0' + searchDirs;
            BaselineFiles known = FOUND.get(key);
            if (known == null) {
                known = find(target, root, searchDirs);
                FOUND.putIfAbsent(key, known);
            }
            return known;
        }

        private static BaselineFiles find(Target target, Path root, List<Path> searchDirs) throws IOException {
            TargetBaseline baseline = TargetBaseline.of(target);
            Map<String, Path> files = new LinkedHashMap<>();
            Set<String> missing = new LinkedHashSet<>();
            for (TargetLibrary lib : target.libraries()) {
                Path found = null;
                for (Path dir : searchDirs) {
                    Path candidate = dir.resolve(lib.name());
                    if (Files.isRegularFile(candidate)) {
                        found = candidate.toRealPath();
                        break;
                    }
                }
                String at = baseline.canonicalPath(lib.directory()) + "/" + lib.name();
                if (found == null) {
                    missing.add(lib.name());
                } else {
                    files.putIfAbsent(at, found);
                }
            }
            Set<String> targetNames = new java.util.HashSet<>();
            for (TargetLibrary lib : target.libraries()) {
                targetNames.add(lib.name());
                targetNames.add(lib.effectiveSoname());
            }
            files.putAll(StandInDependencies.binds(files, targetNames, searchDirs,
                    dev.nativepack.core.cache.FileCache.defaultRoot().resolve("stand-ins")));
            String interp = target.loader().interpreter();
            Path hostInterp = root.resolve(interp.substring(1));
            if (Files.isRegularFile(hostInterp)) {
                int slash = interp.lastIndexOf('/');
                files.putIfAbsent(baseline.canonicalPath(interp.substring(0, slash)) + interp.substring(slash),
                        hostInterp.toRealPath());
            }
            return new BaselineFiles(files, new ArrayList<>(missing));
        }

        private static boolean isScript(Path program) throws IOException {
            try (var in = Files.newInputStream(program)) {
                byte[] start = in.readNBytes(2);
                return start.length == 2 && start[0] == '#' && start[1] == '!';
            }
        }

        /** Where the root's own loader looks for libraries of the program's architecture. */
        private static List<Path> librarySearchDirs(Path root, ElfFile program) throws IOException {
            List<Path> dirs = new ArrayList<>();
            for (String d : ProfileDetector.detect(root, program).systemDirs()) {
                Path p = root.resolve(d.substring(1));
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
            return dirs;
        }
    }
}
