package dev.nativepack.core.jar.probe;

import com.sun.jna.NativeLibrary;

/** Calls libc's getpid through JNA's dispatch library. */
public final class JnaProbe {
    private JnaProbe() {
    }

    public static void main(String[] args) {
        int pid = NativeLibrary.getInstance("c").getFunction("getpid").invokeInt(new Object[0]);
        if (pid != ProcessHandle.current().pid()) {
            throw new AssertionError("getpid returned " + pid);
        }
        System.out.println("OK getpid " + pid);
    }
}
