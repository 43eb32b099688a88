package dev.nativepack.core.jar.probe;

import ai.onnxruntime.OrtEnvironment;

/**
 * Starts onnxruntime's environment: its loader extracts libonnxruntime.so and loads it by path,
 * then the JNI library, whose DT_NEEDED libonnxruntime.so.1 is the SONAME of the first.
 */
public final class OnnxRuntimeProbe {
    private OnnxRuntimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (OrtEnvironment env = OrtEnvironment.getEnvironment()) {
            System.out.println("OK " + env.getVersion());
        }
    }
}
