package dev.nativepack.core.audit;

import dev.nativepack.core.target.Target;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python extension modules built for another CPython than the target runs. CPython imports an
 * extension module only under its own tag ({@code mod.cpython-312-x86_64-linux-gnu.so}), the
 * stable ABI's ({@code mod.abi3.so}) or none ({@code mod.so}): a module tagged for 3.11 on a 3.12
 * runtime is never found ("No module named"), however well its libraries resolve.
 */
public final class PythonAbi {
    private static final Pattern RUNTIME = Pattern.compile("(?:^|/)python(3)\\.(\\d+)(?:/|$)");
    private static final Pattern MODULE_TAG = Pattern.compile("\\.cpython-3(\\d+)[a-z]*-[^.]*\\.so$");

    private PythonAbi() {
    }

    /** The CPython version a target runs ("3.12"), from its id, or null for a target that is not a Python runtime. */
    public static String targetVersion(Target target) {
        Matcher m = RUNTIME.matcher(target.id());
        return m.find() ? m.group(1) + "." + m.group(2) : null;
    }

    /** The CPython version an extension module's file name is tagged for ("3.11"), or null (abi3, untagged, not a module). */
    public static String moduleVersion(String fileName) {
        Matcher m = MODULE_TAG.matcher(fileName);
        return m.find() ? "3." + m.group(1) : null;
    }

    /** A finding when {@code path} is an extension module for another CPython than {@code target}'s, else null. */
    public static Finding check(Target target, String file, String path) {
        String wanted = targetVersion(target);
        String name = path.substring(path.lastIndexOf('/') + 1);
        String built = moduleVersion(name);
        if (wanted == null || built == null || wanted.equals(built)) {
            return null;
        }
        String module = name.substring(0, name.indexOf('.'));
        return new Finding(Rule.PYTHON_ABI, Rule.PYTHON_ABI.defaultSeverity(), file, name,
                path + " is built for CPython " + built + "; " + target.id() + " runs Python " + wanted
                        + ", which does not import it (\"No module named '" + module + "'\")",
                java.util.List.of("module tag: cpython-" + built.replace(".", "") + ", target: python" + wanted),
                "Install the package for Python " + wanted + " (pip install --python-version " + wanted
                        + " --only-binary=:all: --platform manylinux2014_" + target.architecture() + " --target DIR ...), "
                        + "or deploy to the python" + built + " runtime.");
    }
}
